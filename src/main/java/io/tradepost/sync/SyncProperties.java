package io.tradepost.sync;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * External sync settings ({@code tradepost.sync.*}; every one settable by environment variable, e.g.
 * {@code TRADEPOST_SYNC_INTERVAL=15m}, {@code TRADEPOST_SYNC_SOURCES_POKEAPI_BASEURL=...}).
 *
 * @param interval how often each enabled source is synced (slots aligned to the epoch, so every
 *     instance agrees on them)
 * @param onStart whether each enabled source is synced once when the application starts
 * @param manualWait how long {@code POST /api/v1/sync} waits for its runs before answering 202
 * @param staleAfter a RUNNING run whose heartbeat is older than this died with its process and is
 *     marked FAILED
 * @param maxPages the most upstream requests (pages, cities) one run makes; a source that needs more
 *     (PokeAPI's {@code count}, a {@code next} chain that never ends) fails the run with that reason
 * @param retention finished runs started longer ago than this are purged with their rejects, except
 *     each source's newest run, newest attempted run and newest successful run
 * @param purgeInterval how often the purge looks for such runs
 * @param http connect and read timeouts, the deadline and body cap of each request
 * @param retry attempts and backoff for one upstream request
 * @param breaker the circuit breaker each source has
 * @param sources each source's settings by its name ({@code tradepost.sync.sources.pokeapi.*}); a source
 *     with no block here runs with the defaults of {@link Source}
 */
@ConfigurationProperties("tradepost.sync")
record SyncProperties(
    @DefaultValue("15m") Duration interval,
    @DefaultValue("true") boolean onStart,
    @DefaultValue("60s") Duration manualWait,
    @DefaultValue("2m") Duration staleAfter,
    @DefaultValue("500") int maxPages,
    @DefaultValue("30d") Duration retention,
    @DefaultValue("1h") Duration purgeInterval,
    @DefaultValue Http http,
    @DefaultValue Retry retry,
    @DefaultValue Breaker breaker,
    @DefaultValue Map<String, Source> sources) {

  SyncProperties {
    if (interval.toMillis() < 1000 || manualWait.isNegative() || staleAfter.toMillis() < 1000) {
      throw new IllegalArgumentException(
          "tradepost.sync.interval and stale-after must be at least 1s, manual-wait not negative");
    }
    if (maxPages < 1 || retention.toMillis() < 1000 || purgeInterval.toMillis() < 100) {
      throw new IllegalArgumentException(
          "tradepost.sync.max-pages must be at least 1, retention at least 1s, purge-interval at least 100ms");
    }
    sources = Map.copyOf(sources);
  }

  /** Settings of the named source: its block, or the defaults; {@code baseUrl} when its block sets none. */
  Source source(String name, String baseUrl) {
    return sources.getOrDefault(name, Source.DEFAULTS).withDefaultBaseUrl(baseUrl);
  }

  /**
   * @param connectTimeout time to open a connection
   * @param readTimeout time from sending a request to the response headers
   * @param deadline time from sending a request to the last byte of its body: a server that sends
   *     headers and then stalls is cut off here (the read timeout does not cover the body)
   * @param maxBodySize a larger response body (by {@code Content-Length} or as it arrives) fails the run
   */
  record Http(
      @DefaultValue("2s") Duration connectTimeout,
      @DefaultValue("10s") Duration readTimeout,
      @DefaultValue("30s") Duration deadline,
      @DefaultValue("10MB") DataSize maxBodySize) {

    Http {
      if (deadline.toMillis() < 1 || maxBodySize.toBytes() < 1) {
        throw new IllegalArgumentException("tradepost.sync.http.deadline and max-body-size must be positive");
      }
    }
  }

  /**
   * Retries on 5xx, 429, timeouts and I/O errors only; exponential backoff with full jitter.
   *
   * @param maxAttempts attempts per request, the first included
   * @param initialBackoff backoff ceiling before the second attempt, doubled per attempt
   * @param maxBackoff the backoff ceiling never exceeds this
   * @param maxRetryAfter a {@code Retry-After} up to this is honoured; a longer one fails the run
   */
  record Retry(
      @DefaultValue("4") int maxAttempts,
      @DefaultValue("500ms") Duration initialBackoff,
      @DefaultValue("30s") Duration maxBackoff,
      @DefaultValue("60s") Duration maxRetryAfter) {

    Retry {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("tradepost.sync.retry.max-attempts must be at least 1");
      }
    }
  }

  /**
   * One breaker per source; it counts only 5xx answers and timeouts.
   *
   * @param consecutiveFailures opens after this many failures in a row
   * @param failureRate opens when this percentage of the last {@code window} calls failed
   * @param window calls the failure rate is taken over
   * @param openFor how long it stays open before letting trial calls through
   * @param halfOpenCalls trial calls while half-open
   */
  record Breaker(
      @DefaultValue("5") int consecutiveFailures,
      @DefaultValue("50") float failureRate,
      @DefaultValue("20") int window,
      @DefaultValue("60s") Duration openFor,
      @DefaultValue("3") int halfOpenCalls) {}

  /**
   * One source. Timeouts and attempts left unset take the global values.
   *
   * @param enabled whether it is synced at all
   * @param baseUrl where its API lives (tests point it at a local stub)
   * @param connectTimeout per-source override of {@code http.connect-timeout}
   * @param readTimeout per-source override of {@code http.read-timeout}
   * @param maxAttempts per-source override of {@code retry.max-attempts}
   * @param pageSize records per page, for paged sources (PokeAPI)
   * @param concurrency pages fetched at the same time, for paged sources
   * @param apiKey the API key (OpenWeather: the source is disabled without it)
   * @param cities the cities whose weather is fetched (OpenWeather)
   */
  record Source(
      @DefaultValue("true") boolean enabled,
      String baseUrl,
      Duration connectTimeout,
      Duration readTimeout,
      Integer maxAttempts,
      @DefaultValue("20") int pageSize,
      @DefaultValue("4") int concurrency,
      String apiKey,
      @DefaultValue({"Jakarta", "Bandung", "Surabaya"}) List<String> cities) {

    /** A source with no block of its own: every {@code @DefaultValue} above, as the binder makes them. */
    static final Source DEFAULTS = new Binder(List.of()).bindOrCreate("tradepost.sync.sources.any", Source.class);

    /** Why the named source may not run because of this configuration, if it may not. */
    Optional<String> turnedOff(String source) {
      return enabled ? Optional.empty() : Optional.of("turned off by configuration; set TRADEPOST_SYNC_SOURCES_"
          + source.toUpperCase(Locale.ROOT) + "_ENABLED=true");
    }

    Source {
      if (pageSize < 1 || pageSize > 1000 || concurrency < 1) {
        throw new IllegalArgumentException("page-size must be 1-1000 and concurrency at least 1");
      }
      cities = List.copyOf(cities);
    }

    Source withDefaultBaseUrl(String fallback) {
      var url = baseUrl == null || baseUrl.isBlank() ? fallback : baseUrl.replaceAll("/+$", "");
      return new Source(enabled, url, connectTimeout, readTimeout, maxAttempts, pageSize, concurrency, apiKey, cities);
    }
  }
}
