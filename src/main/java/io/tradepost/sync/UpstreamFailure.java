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

  /** A request that did not end within its overall deadline, body included; retried like a timeout. */
  static UpstreamFailure deadline(String request, Duration deadline) {
    return new UpstreamFailure(request + " gave no complete answer within its " + deadline.toMillis()
        + " ms deadline (tradepost.sync.http.deadline)", 0, true, true, null, null);
  }

  /**
   * An I/O error; the cause's message is told through {@code redaction}, and the cause attached is its
   * redacted copy, since exceptions of the HTTP client or of URI handling may quote the URL and its key.
   */
  static UpstreamFailure io(String request, Throwable cause, Redaction redaction) {
    var message = redaction.redact(cause.getMessage());
    var what = message == null || message.isBlank()
        ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + message;
    return new UpstreamFailure(request + " failed: " + what, 0, true, false, null, redaction.redact(cause));
  }

  /** A body over the cap: not retried (it would be as large again), not the breaker's business. */
  static UpstreamFailure tooLarge(String request, long maxBytes) {
    return malformed(request, "a body larger than the " + maxBytes
        + " bytes a response may have (tradepost.sync.http.max-body-size)");
  }

  /** The run needs more requests than a run may make. */
  static UpstreamFailure overPageCap(String request, int maxPages) {
    return new UpstreamFailure(request + " not sent: the run reached its cap of " + maxPages
        + " pages (tradepost.sync.max-pages)", 0, false, false, null, null);
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
