/**
 * External sync: JSONPlaceholder, PokeAPI and OpenWeather pulled on a schedule and on demand into one
 * cached item store, with retries, a circuit breaker per source, run history and the seed routes.
 */
@ApplicationModule(allowedDependencies = {"platform"})
package io.tradepost.sync;

import org.springframework.modulith.ApplicationModule;
