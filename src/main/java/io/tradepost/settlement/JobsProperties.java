package io.tradepost.settlement;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settlement job settings ({@code tradepost.jobs.*}).
 *
 * @param workers jobs run at once by this instance; more wait QUEUED (JobRunr's worker count)
 * @param maxChunkRows about how many ledger transactions one chunk settles: quiet days are grouped
 *     into one chunk up to this, a busier day is cut into parts of about this size
 * @param chunksAtOnce chunks of one job settled at the same time, each on its own connection (and
 *     database core)
 * @param cancelCheckInterval how often a running job looks for a cancel request made on any
 *     instance, and cancels its running statement when it finds one
 * @param retention how long a finished job's report (its lines) is kept; then its CSV answers 410
 *     and its lines are deleted
 * @param purgeInterval how often each instance deletes the lines of expired reports
 * @param watchInterval how often each instance checks that JobRunr's job server runs, and starts it again
 *     once the database answers
 */
@ConfigurationProperties("tradepost.jobs")
record JobsProperties(
    @DefaultValue("2") int workers,
    @DefaultValue("250000") long maxChunkRows,
    @DefaultValue("2") int chunksAtOnce,
    @DefaultValue("100ms") Duration cancelCheckInterval,
    @DefaultValue("90d") Duration retention,
    @DefaultValue("1h") Duration purgeInterval,
    @DefaultValue("5s") Duration watchInterval) {

  JobsProperties {
    if (workers < 1 || maxChunkRows < 1 || chunksAtOnce < 1) {
      throw new IllegalArgumentException(
          "tradepost.jobs.workers, max-chunk-rows and chunks-at-once must be at least 1");
    }
    if (cancelCheckInterval.isNegative() || cancelCheckInterval.isZero()
        || cancelCheckInterval.compareTo(Duration.ofMillis(500)) > 0) {
      throw new IllegalArgumentException("tradepost.jobs.cancel-check-interval must be between 1ms and 500ms");
    }
    if (watchInterval.isNegative() || watchInterval.isZero()) {
      throw new IllegalArgumentException("tradepost.jobs.watch-interval must be positive");
    }
    if (retention.compareTo(Duration.ofHours(1)) < 0 || purgeInterval.isNegative() || purgeInterval.isZero()) {
      throw new IllegalArgumentException(
          "tradepost.jobs.retention must be at least 1h and tradepost.jobs.purge-interval positive");
    }
  }
}
