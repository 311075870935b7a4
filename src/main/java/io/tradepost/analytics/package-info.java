/** Read-only reports over orders. */
@ApplicationModule(allowedDependencies = {"orders", "platform"})
package io.tradepost.analytics;

import org.springframework.modulith.ApplicationModule;
