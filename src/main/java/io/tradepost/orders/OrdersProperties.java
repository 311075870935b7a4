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
 * @param idempotencyInFlightTimeout after this, a key whose request never finished (its process
 *     died) may be used again
 */
@ConfigurationProperties("tradepost.orders")
record OrdersProperties(
    @DefaultValue("6") int workers,
    @DefaultValue("256") int maxBatch,
    @DefaultValue("24h") Duration idempotencyTtl,
    @DefaultValue("60s") Duration idempotencyInFlightTimeout) {

  OrdersProperties {
    if (workers < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("tradepost.orders.workers and max-batch must be at least 1");
    }
  }
}
