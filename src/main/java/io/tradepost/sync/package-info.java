/**
 * External sync: JSONPlaceholder, PokeAPI and OpenWeather pulled on a schedule and on demand into one
 * cached item store, with retries, a circuit breaker per source, run history and the seed routes.
 */
@Tables(owns = {"sync_runs", "sync_items", "sync_rejects", "sync_shedlock"})
@ApplicationModule(allowedDependencies = {"platform"})
package io.tradepost.sync;

import io.tradepost.platform.Tables;
import org.springframework.modulith.ApplicationModule;
