/**
 * Settlement jobs: persistent, resumable, cancellable runs that settle the ledger into per-merchant
 * daily lines, and the CSV reports streamed from them.
 */
@Tables(owns = {"settlement_jobs", "settlement_lines"}, reads = "ledger_transactions")
@ApplicationModule(allowedDependencies = {"ledger", "platform"})
package io.tradepost.settlement;

import io.tradepost.platform.Tables;
import org.springframework.modulith.ApplicationModule;
