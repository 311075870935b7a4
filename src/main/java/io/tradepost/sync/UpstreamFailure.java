package io.tradepost.sync;

import java.time.Duration;

/**
 * An upstream request that did not give usable JSON, with what the retry and the breaker make of it:
 * 5xx, 429, timeouts and I/O errors are retried; only 5xx and timeouts count against the breaker.
 */
final class UpstreamFailure extends RuntimeException {

  private final int status;
  private final boolean retryable;
  private final boolean countsForBreaker;
  private final Duration retryAfter;

  private UpstreamFailure(String reason, int status, boolean retryable, boolean countsForBreaker,
      Duration retryAfter, Throwable cause) {
    super(reason, cause, false, false);
    this.status = status;
    this.retryable = retryable;
    this.countsForBreaker = countsForBreaker;
    this.retryAfter = retryAfter;
  }

  static UpstreamFailure status(String request, int status, Duration retryAfter, Duration maxRetryAfter) {
    var reason = request + " answered " + status;
    if (status == 429 || status >= 500) {
      if (retryAfter != null && retryAfter.compareTo(maxRetryAfter) > 0) {
        return new UpstreamFailure(reason + " with Retry-After " + retryAfter.toSeconds()
            + " s, longer than the " + maxRetryAfter.toSeconds() + " s this service waits",
            status, false, status >= 500, null, null);
      }
      return new UpstreamFailure(reason, status, true, status >= 500, retryAfter, null);
    }
    return new UpstreamFailure(reason, status, false, false, null, null);
  }

  static UpstreamFailure timeout(String request, Throwable cause) {
    return new UpstreamFailure(request + " timed out", 0, true, true, null, cause);
  }

  static UpstreamFailure io(String request, Throwable cause) {
    var what = cause.getMessage() == null || cause.getMessage().isBlank()
        ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return new UpstreamFailure(request + " failed: " + what, 0, true, false, null, cause);
  }

  static UpstreamFailure malformed(String request, String what) {
    return new UpstreamFailure(request + " returned " + what, 0, false, false, null, null);
  }

  int status() {
    return status;
  }

  boolean retryable() {
    return retryable;
  }

  boolean countsForBreaker() {
    return countsForBreaker;
  }

  Duration retryAfter() {
    return retryAfter;
  }
}
