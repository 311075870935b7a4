package io.tradepost.platform;

import org.springframework.http.HttpStatus;

/** The service is too busy right now: 503 with a {@code Retry-After} the client should honour. */
public final class RetryLater extends DomainException {

  private final long retryAfterSeconds;

  private RetryLater(String code, String detail, long retryAfterSeconds) {
    super(HttpStatus.SERVICE_UNAVAILABLE, code, detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static RetryLater of(String code, String detail, long retryAfterSeconds) {
    return new RetryLater(code, detail, retryAfterSeconds);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
