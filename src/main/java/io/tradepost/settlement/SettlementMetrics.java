package io.tradepost.settlement;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * {@code tradepost_settlement_jobs{status}} (jobs in each status, read from the database, so every
 * instance reports the same), {@code tradepost_settlement_job_duration_seconds{status}} and
 * {@code tradepost_settlement_job_throughput_rows_per_second}.
 */
@Component
class SettlementMetrics {

  private static final long SNAPSHOT_NANOS = TimeUnit.SECONDS.toNanos(1);
  private final SettlementJobs jobs;
  private final MeterRegistry registry;
  private final DistributionSummary throughput;
  private volatile Map<JobStatus, Long> counts = Map.of();
  private volatile long countedAt;

  SettlementMetrics(SettlementJobs jobs, MeterRegistry registry) {
    this.jobs = jobs;
    this.registry = registry;
    for (var status : JobStatus.values()) {
      Gauge.builder("tradepost.settlement.jobs", () -> count(status))
          .description("Settlement jobs in each status")
          .tag("status", status.name())
          .register(registry);
    }
    this.throughput = DistributionSummary.builder("tradepost.settlement.job.throughput")
        .description("Ledger transactions settled per second by a finished job")
        .baseUnit("rows_per_second")
        .register(registry);
  }

  void finished(JobStatus status, long elapsedNanos, long rows) {
    Timer.builder("tradepost.settlement.job.duration")
        .description("Time a settlement job ran, by final status")
        .tag("status", status.name())
        .register(registry)
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
    if (status == JobStatus.COMPLETED && elapsedNanos > 0) {
      throughput.record(rows * 1e9 / elapsedNanos);
    }
  }

  /** One grouped query a second at most, however many gauges a scrape reads. */
  private synchronized long count(JobStatus status) {
    if (counts.isEmpty() || System.nanoTime() - countedAt > SNAPSHOT_NANOS) {
      try {
        counts = jobs.countByStatus();
        countedAt = System.nanoTime();
      } catch (RuntimeException e) {
        return -1;
      }
    }
    return counts.getOrDefault(status, 0L);
  }
}
