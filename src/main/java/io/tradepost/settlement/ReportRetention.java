package io.tradepost.settlement;

import io.tradepost.platform.DbTime;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Deletes the lines of reports older than {@code tradepost.jobs.retention} (90 days), every
 * {@code tradepost.jobs.purge-interval} (1 h) on every instance. Safe on several instances at once:
 * each batch is one job-day, deleting it twice deletes nothing the second time, and a job is marked
 * purged only after its last day. A failure (the database away) is logged and the next run goes on
 * where this one stopped; the loop itself never ends.
 */
@Component
class ReportRetention implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(ReportRetention.class);
  private static final int JOBS_PER_ROUND = 100;
  private final SettlementJobs jobs;
  private final JobsProperties properties;
  private final Clock clock;

  ReportRetention(SettlementJobs jobs, JobsProperties properties, Clock clock) {
    this.jobs = jobs;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(
        new FixedDelayTask(this::purgeExpiredReports, properties.purgeInterval(), Duration.ofMinutes(1)));
  }

  void purgeExpiredReports() {
    try {
      int purged = purge();
      if (purged > 0) {
        log.info("Purged the lines of {} settlement jobs finished more than {} ago", purged, properties.retention());
      }
    } catch (RuntimeException e) {
      log.warn("Could not purge expired settlement reports; trying again in {}: {}", properties.purgeInterval(),
          e.toString());
    }
  }

  /** One purge: every expired job's lines, a job-day per statement; how many jobs were purged. */
  int purge() {
    var cutoff = DbTime.now(clock).minus(properties.retention());
    int purged = 0;
    for (var expired = jobs.expiredWithLines(cutoff, JOBS_PER_ROUND); !expired.isEmpty();
        expired = jobs.expiredWithLines(cutoff, JOBS_PER_ROUND)) {
      for (var job : expired) {
        for (var day = job.range().from(); !day.isAfter(job.range().to()); day = day.plusDays(1)) {
          jobs.deleteLines(job.id(), day);
        }
        jobs.purged(job.id(), DbTime.now(clock));
        purged++;
      }
    }
    return purged;
  }
}
