package io.tradepost.settlement;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settlement job settings ({@code tradepost.jobs.*}).
 *
 * @param workers jobs run at once by this instance; more wait QUEUED (JobRunr's worker count)
 * @param maxChunkRows a day with more ledger transactions than this (on average over the range) is
 *     settled in several parts, so no single statement or transaction grows without bound
 * @param cancelCheckInterval how often a running job looks for a cancel request made on any
 *     instance, and cancels its running statement when it finds one
 */
@ConfigurationProperties("tradepost.jobs")
record JobsProperties(
    @DefaultValue("2") int workers,
    @DefaultValue("500000") long maxChunkRows,
    @DefaultValue("100ms") Duration cancelCheckInterval) {

  JobsProperties {
    if (workers < 1 || maxChunkRows < 1) {
      throw new IllegalArgumentException("tradepost.jobs.workers and max-chunk-rows must be at least 1");
    }
    if (cancelCheckInterval.isNegative() || cancelCheckInterval.isZero()
        || cancelCheckInterval.compareTo(Duration.ofMillis(500)) > 0) {
      throw new IllegalArgumentException("tradepost.jobs.cancel-check-interval must be between 1ms and 500ms");
    }
  }
}
