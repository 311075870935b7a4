/** Read-only reports over orders. */
@Tables(reads = "orders")
@ApplicationModule(allowedDependencies = {"orders", "platform"})
package io.tradepost.analytics;

import io.tradepost.platform.Tables;
import org.springframework.modulith.ApplicationModule;
