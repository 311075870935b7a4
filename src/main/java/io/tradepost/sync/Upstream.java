package io.tradepost.sync;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run's way to its source: every GET goes through the source's retry and circuit breaker, and
 * the run's attempts and pages are counted here.
 */
final class Upstream {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private final String source;
  private final HttpClient client;
  private final Duration readTimeout;
  private final Duration maxRetryAfter;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final Clock clock;
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger pages = new AtomicInteger();

  Upstream(String source, HttpClient client, Duration readTimeout, Duration maxRetryAfter, Retry retry,
      CircuitBreaker breaker, Clock clock) {
    this.source = source;
    this.client = client;
    this.readTimeout = readTimeout;
    this.maxRetryAfter = maxRetryAfter;
    this.retry = retry;
    this.breaker = breaker;
    this.clock = clock;
  }

  /** GETs JSON; {@code shownAs} names the request in errors without secrets such as API keys. */
  JsonNode get(URI uri, String shownAs) {
    var guarded = CircuitBreaker.decorateCallable(breaker, () -> once(uri, shownAs));
    try {
      return retry.executeCallable(guarded);
    } catch (UpstreamFailure e) {
      throw e;
    } catch (CallNotPermittedException e) {
      throw UpstreamFailure.malformed(shownAs, "nothing: the circuit breaker of " + source
          + " is " + breaker.getState() + " after repeated failures");
    } catch (Exception e) {
      throw UpstreamFailure.io(shownAs, e);
    }
  }

  int attempts() {
    return attempts.get();
  }

  int pages() {
    return pages.get();
  }

  private JsonNode once(URI uri, String shownAs) {
    attempts.incrementAndGet();
    var request = HttpRequest.newBuilder(uri).timeout(readTimeout)
        .header("Accept", "application/json").header("User-Agent", "tradepost-sync").GET().build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw UpstreamFailure.timeout(shownAs, e);
    } catch (IOException e) {
      throw UpstreamFailure.io(shownAs, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamFailure.io(shownAs, e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      var retryAfter = response.headers().firstValue("Retry-After").map(h -> retryAfter(h, clock)).orElse(null);
      throw UpstreamFailure.status(shownAs, status, retryAfter, maxRetryAfter);
    }
    try {
      var json = JSON.readTree(response.body());
      pages.incrementAndGet();
      return json;
    } catch (JacksonException e) {
      throw UpstreamFailure.malformed(shownAs, "malformed JSON");
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
