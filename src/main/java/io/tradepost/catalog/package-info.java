/** Products, their stock and the stock reservation API. */
@Tables(owns = {"products", "product_events", "product_event_sequence", "product_events_pending",
    "product_events_applied", "product_events_dead"})
@ApplicationModule(allowedDependencies = {"platform"})
package io.tradepost.catalog;

import io.tradepost.platform.Tables;
import org.springframework.modulith.ApplicationModule;
