package io.tradepost.security;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets per key and per client address: in Redis when it is configured (shared by every
 * instance), in process otherwise. A Redis failure never blocks a request: the instance then counts
 * in process for {@link #PAUSE} and tries Redis again, so a failing Redis costs a request at most one
 * command timeout every few seconds.
 */
class RateLimits {

  private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
  private static final Duration PAUSE = Duration.ofSeconds(5);

  private final LocalBuckets local;
  private final RedisBuckets redis;
  private volatile long redisPausedUntil = System.nanoTime();

  /** @param redis null: in process only */
  RateLimits(LocalBuckets local, RedisBuckets redis) {
    this.local = local;
    this.redis = redis;
  }

  RateDecision forKey(String keyId, Rate rate) {
    return take("key:" + keyId, rate);
  }

  RateDecision forAddress(String address, Rate rate) {
    return take("address:" + address, rate);
  }

  private RateDecision take(String bucket, Rate rate) {
    long now = System.nanoTime();
    if (redis != null && now - redisPausedUntil >= 0) {
      try {
        return redis.take(bucket, rate);
      } catch (RuntimeException e) {
        redisPausedUntil = now + PAUSE.toNanos();
        log.warn("Rate limits count in process for {}: Redis failed: {}", PAUSE, e.toString());
      }
    }
    return local.take(bucket, rate);
  }
}
