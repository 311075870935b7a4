/** The append-only ledger of sales and refunds, and the fee policy. */
@Tables(owns = "ledger_transactions")
@ApplicationModule(allowedDependencies = {"platform"})
package io.tradepost.ledger;

import io.tradepost.platform.Tables;
import org.springframework.modulith.ApplicationModule;
