/** The append-only ledger of sales and refunds, and the fee policy. */
@ApplicationModule(allowedDependencies = {"platform"})
package io.tradepost.ledger;

import org.springframework.modulith.ApplicationModule;
