package io.tradepost.security;

/**
 * One request taken (or not) from a token bucket.
 *
 * @param allowed whether the request may go on
 * @param remaining whole tokens left after it
 * @param retryAfterSeconds when refused, how long until a token is back (at least 1)
 * @param resetSeconds how long until the bucket is full again
 */
record RateDecision(boolean allowed, long remaining, long retryAfterSeconds, long resetSeconds) {

  /** The decision for a bucket of {@code rate} that holds {@code tokens} after this request's take (when allowed). */
  static RateDecision of(Rate rate, boolean allowed, double tokens) {
    double perSecond = rate.perSecond();
    long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    long reset = (long) Math.ceil((rate.burst() - tokens) / perSecond);
    return new RateDecision(allowed, (long) Math.floor(tokens), retryAfter, reset);
  }
}
