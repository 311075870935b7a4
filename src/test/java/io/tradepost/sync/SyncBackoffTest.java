package io.tradepost.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.core.functions.Either;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SyncBackoffTest {

  static final Duration INITIAL = Duration.ofMillis(500);
  static final Duration MAX = Duration.ofSeconds(30);

  @Test
  void theCeilingDoublesFromHalfASecondAndStopsAtThirtySeconds() {
    assertThat(SourceGuards.ceiling(INITIAL, MAX, 1)).isEqualTo(Duration.ofMillis(500));
    assertThat(SourceGuards.ceiling(INITIAL, MAX, 2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(SourceGuards.ceiling(INITIAL, MAX, 3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(SourceGuards.ceiling(INITIAL, MAX, 7)).isEqualTo(MAX);
    assertThat(SourceGuards.ceiling(INITIAL, MAX, 40)).isEqualTo(MAX);
  }

  @RepeatedTest(20)
  void fullJitterWaitsAnythingBetweenZeroAndTheCeiling() {
    long wait = SourceGuards.backoff(INITIAL, MAX).apply(3, Either.left(new RuntimeException()));
    assertThat(wait).isBetween(0L, 2000L);
  }

  @Test
  void aRetryAfterTheUpstreamSentWinsOverTheBackoff() {
    var failure = UpstreamFailure.status("GET /posts", 429, Duration.ofSeconds(2), Duration.ofSeconds(60));
    assertThat(SourceGuards.backoff(INITIAL, MAX).apply(1, Either.left(failure))).isEqualTo(2000L);
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    var clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
    assertThat(Upstream.retryAfter("2", clock)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Upstream.retryAfter("Sat, 21 Nov 2026 10:00:05 GMT", clock)).isEqualTo(Duration.ofSeconds(5));
    assertThat(Upstream.retryAfter("Sat, 21 Nov 2026 09:00:00 GMT", clock)).isEqualTo(Duration.ZERO);
    assertThat(Upstream.retryAfter("soon", clock)).isNull();
  }

  @Test
  void onlyServerErrorsTooManyRequestsTimeoutsAndIoErrorsAreRetried() {
    var max = Duration.ofSeconds(60);
    assertThat(UpstreamFailure.status("GET /posts", 500, null, max).retryable()).isTrue();
    assertThat(UpstreamFailure.status("GET /posts", 429, null, max).retryable()).isTrue();
    assertThat(UpstreamFailure.status("GET /posts", 404, null, max).retryable()).isFalse();
    assertThat(UpstreamFailure.status("GET /posts", 400, null, max).retryable()).isFalse();
    assertThat(UpstreamFailure.status("GET /posts", 503, Duration.ofSeconds(61), max).retryable()).isFalse();
    assertThat(UpstreamFailure.timeout("GET /posts", null).countsForBreaker()).isTrue();
    assertThat(UpstreamFailure.status("GET /posts", 429, null, max).countsForBreaker()).isFalse();
  }
}
