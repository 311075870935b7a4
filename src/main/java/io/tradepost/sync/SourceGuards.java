package io.tradepost.sync;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Each source's HTTP client, retry policy and circuit breaker, built once from configuration. The
 * breaker lives as long as the application, so it remembers failures across runs.
 */
@Component
class SourceGuards {

  private final Map<String, Guard> guards = new LinkedHashMap<>();
  private final Redaction redaction;
  private final Clock clock;

  SourceGuards(List<ExternalSource> sources, SyncProperties properties, Redaction redaction, MeterRegistry meters,
      Clock clock) {
    this.redaction = redaction;
    this.clock = clock;
    for (var source : sources) {
      guards.put(source.name(), new Guard(source.name(), source.settings(), properties));
    }
    guards.values().forEach(g -> Gauge.builder("tradepost.sync.circuit.state", g, Guard::stateCode)
        .description("Circuit breaker per source: 0 closed, 1 open, 2 half-open")
        .tag("source", g.name).register(meters));
  }

  /** A fresh per-run view of the source's guarded HTTP access; {@code traceHeaders} go with every request. */
  Upstream upstream(String source, Map<String, String> traceHeaders) {
    var g = guards.get(source);
    return new Upstream(source, g.client, g.limits, g.retry, g.breaker, redaction, clock, traceHeaders);
  }

  /** CLOSED, OPEN or HALF_OPEN (also DISABLED/FORCED_OPEN if an operator forces it). */
  String circuitState(String source) {
    return guards.get(source).breaker.getState().name();
  }

  /** Back to CLOSED with no memory of failures. */
  void reset() {
    guards.values().forEach(g -> {
      g.breaker.reset();
      g.consecutive.set(0);
    });
  }

  private static final class Guard {
    final String name;
    final HttpClient client;
    final Upstream.Limits limits;
    final Retry retry;
    final CircuitBreaker breaker;
    final AtomicInteger consecutive = new AtomicInteger();

    Guard(String name, SyncProperties.Source source, SyncProperties properties) {
      this.name = name;
      var connectTimeout = source.connectTimeout() != null ? source.connectTimeout() : properties.http().connectTimeout();
      var http = properties.http();
      this.limits = new Upstream.Limits(source.readTimeout() != null ? source.readTimeout() : http.readTimeout(),
          http.deadline(), http.maxBodySize().toBytes(), properties.maxPages(), properties.retry().maxRetryAfter());
      this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
      var r = properties.retry();
      int attempts = source.maxAttempts() != null ? source.maxAttempts() : r.maxAttempts();
      this.retry = Retry.of(name, RetryConfig.<JsonNode>custom()
          .maxAttempts(attempts)
          .retryOnException(e -> e instanceof UpstreamFailure f && f.retryable())
          .intervalBiFunction(backoff(r.initialBackoff(), r.maxBackoff()))
          .build());
      var b = properties.breaker();
      this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
          .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
          .slidingWindowSize(b.window())
          .minimumNumberOfCalls(b.window())
          .failureRateThreshold(b.failureRate())
          .waitDurationInOpenState(b.openFor())
          .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
          .automaticTransitionFromOpenToHalfOpenEnabled(true)
          .recordException(e -> e instanceof UpstreamFailure f && f.countsForBreaker())
          .ignoreException(e -> !(e instanceof UpstreamFailure f && f.countsForBreaker()))
          .build());
      // Resilience4j knows failure rates, not runs of failures: count those here.
      breaker.getEventPublisher()
          .onSuccess(e -> consecutive.set(0))
          .onError(e -> {
            if (consecutive.incrementAndGet() >= b.consecutiveFailures()
                && breaker.getState() == CircuitBreaker.State.CLOSED) {
              breaker.transitionToOpenState();
            }
          })
          .onStateTransition(e -> consecutive.set(0));
    }

    double stateCode() {
      return switch (breaker.getState()) {
        case CLOSED, DISABLED, METRICS_ONLY -> 0;
        case OPEN, FORCED_OPEN -> 1;
        case HALF_OPEN -> 2;
      };
    }
  }

  /** Exponential backoff with full jitter; a Retry-After the upstream sent wins. */
  static IntervalBiFunction<JsonNode> backoff(Duration initial, Duration max) {
    return (attempt, outcome) -> {
      if (outcome != null && outcome.isLeft() && outcome.getLeft() instanceof UpstreamFailure f
          && f.retryAfter() != null) {
        return f.retryAfter().toMillis();
      }
      return ThreadLocalRandom.current().nextLong(ceiling(initial, max, attempt).toMillis() + 1);
    };
  }

  static Duration ceiling(Duration initial, Duration max, int attempt) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 30);
    var ceiling = initial.multipliedBy(1L << doublings);
    return ceiling.compareTo(max) > 0 ? max : ceiling;
  }
}
