/**
 * Settlement jobs: persistent, resumable, cancellable runs that settle the ledger into per-merchant
 * daily lines, and the CSV reports streamed from them.
 */
@ApplicationModule(allowedDependencies = {"ledger", "platform"})
package io.tradepost.settlement;

import org.springframework.modulith.ApplicationModule;
