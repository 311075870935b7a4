package io.tradepost.orders;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Order settings ({@code tradepost.orders.*}).
 *
 * @param workers most order batches in flight at once, each on its own connection; keep below the
 *     connection pool size
 * @param maxBatch most orders settled in one transaction
 * @param idempotencyTtl how long a stored response is replayed for its Idempotency-Key
 * @param idempotencyLease how long a key in flight stays claimed without its instance renewing it
 *     (it renews every third of this while the request runs); only then may a retry take it over,
 *     as happens when the instance died. Instances' clocks must agree to well within this
 * @param idempotencyPurgeInterval how often keys older than {@code idempotencyTtl} are deleted; a
 *     purge that fails is tried again after the same interval
 */
@ConfigurationProperties("tradepost.orders")
record OrdersProperties(
    @DefaultValue("6") int workers,
    @DefaultValue("256") int maxBatch,
    @DefaultValue("24h") Duration idempotencyTtl,
    @DefaultValue("30s") Duration idempotencyLease,
    @DefaultValue("1h") Duration idempotencyPurgeInterval) {

  OrdersProperties {
    if (workers < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("tradepost.orders.workers and max-batch must be at least 1");
    }
    if (idempotencyLease.compareTo(Duration.ofMillis(300)) < 0 || idempotencyPurgeInterval.isNegative()
        || idempotencyPurgeInterval.isZero()) {
      throw new IllegalArgumentException(
          "tradepost.orders.idempotency-lease must be at least 300ms and idempotency-purge-interval positive");
    }
  }
}
