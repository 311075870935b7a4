package io.tradepost.security;

import java.util.concurrent.ConcurrentHashMap;

/** Token buckets in this process: for one instance, and while Redis is away. */
class LocalBuckets {

  /** Past this many buckets, the full ones are dropped: addresses seen once do not stay in memory. */
  private static final int TIDY_ABOVE = 100_000;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateDecision take(String name, Rate rate) {
    if (buckets.size() > TIDY_ABOVE) {
      forget();
    }
    return buckets.computeIfAbsent(name, n -> new Bucket(rate.burst())).take(rate, System.nanoTime());
  }

  private void forget() {
    long now = System.nanoTime();
    buckets.values().removeIf(bucket -> bucket.fullAt(now));
  }

  private static final class Bucket {
    private double tokens;
    private long at = System.nanoTime();
    private double perNano;
    private long burst;

    Bucket(long burst) {
      this.tokens = burst;
      this.burst = burst;
    }

    synchronized RateDecision take(Rate rate, long now) {
      perNano = rate.perSecond() / 1e9;
      burst = rate.burst();
      tokens = Math.min(burst, tokens + (now - at) * perNano);
      at = now;
      boolean allowed = tokens >= 1;
      if (allowed) {
        tokens -= 1;
      }
      return RateDecision.of(rate, allowed, tokens);
    }

    synchronized boolean fullAt(long now) {
      return tokens + (now - at) * perNano >= burst;
    }
  }
}
