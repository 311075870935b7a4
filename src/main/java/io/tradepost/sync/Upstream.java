package io.tradepost.sync;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run's way to its source: every GET goes through the source's retry and circuit breaker, each
 * attempt has an overall deadline and a body cap, the run a cap on its pages; the run's attempts and
 * pages are counted here.
 */
final class Upstream {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private final String source;
  private final HttpClient client;
  private final Limits limits;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final Redaction redaction;
  private final Clock clock;
  private final Map<String, String> traceHeaders;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger pages = new AtomicInteger();

  /**
   * What bounds a run's requests.
   *
   * @param readTimeout from sending a request to its response headers
   * @param deadline from sending a request to the last byte of its body
   * @param maxBodySize the largest body read, in bytes
   * @param maxPages the most requests (not attempts) of one run
   * @param maxRetryAfter the longest {@code Retry-After} honoured
   */
  record Limits(Duration readTimeout, Duration deadline, long maxBodySize, int maxPages, Duration maxRetryAfter) {}

  Upstream(String source, HttpClient client, Limits limits, Retry retry, CircuitBreaker breaker,
      Redaction redaction, Clock clock, Map<String, String> traceHeaders) {
    this.source = source;
    this.client = client;
    this.limits = limits;
    this.retry = retry;
    this.breaker = breaker;
    this.redaction = redaction;
    this.clock = clock;
    this.traceHeaders = Map.copyOf(traceHeaders);
  }

  /**
   * GETs JSON; {@code shownAs} names the request in errors without secrets such as API keys.
   *
   * @throws UpstreamFailure when no usable JSON came, or the run already made {@code max-pages} requests
   */
  JsonNode get(URI uri, String shownAs) {
    if (requests.incrementAndGet() > limits.maxPages()) {
      throw UpstreamFailure.overPageCap(shownAs, limits.maxPages());
    }
    var guarded = CircuitBreaker.decorateCallable(breaker, () -> once(uri, shownAs));
    try {
      return retry.executeCallable(guarded);
    } catch (UpstreamFailure e) {
      throw e;
    } catch (CallNotPermittedException e) {
      throw UpstreamFailure.malformed(shownAs, "nothing: the circuit breaker of " + source
          + " is " + breaker.getState() + " after repeated failures");
    } catch (Exception e) {
      throw UpstreamFailure.io(shownAs, e, redaction);
    }
  }

  /** The most requests this run may make. */
  int maxPages() {
    return limits.maxPages();
  }

  int attempts() {
    return attempts.get();
  }

  int pages() {
    return pages.get();
  }

  private JsonNode once(URI uri, String shownAs) {
    attempts.incrementAndGet();
    var builder = HttpRequest.newBuilder(uri).timeout(limits.readTimeout())
        .header("Accept", "application/json").header("User-Agent", "tradepost-sync");
    traceHeaders.forEach(builder::header);
    var request = builder.GET().build();
    var body = new AtomicReference<CappedBody>();
    var sent = client.sendAsync(request, info -> {
      var capped = new CappedBody(limits.maxBodySize(), info.headers().firstValueAsLong("Content-Length").orElse(-1));
      body.set(capped);
      return capped;
    });
    HttpResponse<byte[]> response;
    try {
      // The client's timeout ends at the response headers; this one covers the body too.
      response = sent.get(limits.deadline().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abandon(sent, body.get());
      throw UpstreamFailure.deadline(shownAs, limits.deadline());
    } catch (ExecutionException e) {
      throw failure(shownAs, e.getCause());
    } catch (InterruptedException e) {
      abandon(sent, body.get());
      Thread.currentThread().interrupt();
      throw UpstreamFailure.io(shownAs, e, redaction);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      var retryAfter = response.headers().firstValue("Retry-After").map(h -> retryAfter(h, clock)).orElse(null);
      throw UpstreamFailure.status(shownAs, status, retryAfter, limits.maxRetryAfter());
    }
    try {
      var json = JSON.readTree(response.body());
      pages.incrementAndGet();
      return json;
    } catch (JacksonException e) {
      throw UpstreamFailure.malformed(shownAs, "malformed JSON");
    }
  }

  private UpstreamFailure failure(String shownAs, Throwable error) {
    for (var cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof CappedBody.TooLarge) {
        return UpstreamFailure.tooLarge(shownAs, limits.maxBodySize());
      }
      if (cause instanceof HttpTimeoutException) {
        return UpstreamFailure.timeout(shownAs, redaction.redact(cause));
      }
    }
    return UpstreamFailure.io(shownAs, error, redaction);
  }

  private static void abandon(Future<?> sent, CappedBody body) {
    sent.cancel(true);
    if (body != null) {
      body.abandon();
    }
  }

  /** {@code Retry-After} as seconds or an HTTP date; null when it is neither. */
  static Duration retryAfter(String header, Clock clock) {
    var value = header.trim();
    if (value.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    try {
      var at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      var wait = Duration.between(clock.instant(), at);
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
