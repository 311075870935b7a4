package io.tradepost.sync;

import io.tradepost.platform.DbTime;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Purges the run history every {@code purge-interval}: runs started more than {@code retention} ago
 * and their rejects (see {@link SyncRuns#purge}). One instance purges at a time (ShedLock,
 * {@code sync_shedlock}); a purge that fails, the database being away, is logged and the next
 * interval simply tries again.
 */
@Component
class SyncRunPurge implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SyncRunPurge.class);
  private static final int BATCH = 1000;
  private final SyncRuns runs;
  private final TaskScheduler scheduler;
  private final LockingTaskExecutor locks;
  private final Clock clock;
  private final Duration retention;
  private final Duration interval;
  private volatile ScheduledFuture<?> scheduled;

  SyncRunPurge(SyncRuns runs, TaskScheduler scheduler, LockingTaskExecutor syncLocks, Clock clock,
      SyncProperties properties) {
    this.runs = runs;
    this.scheduler = scheduler;
    this.locks = syncLocks;
    this.clock = clock;
    this.retention = properties.retention();
    this.interval = properties.purgeInterval();
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    // The first purge soon after start, so instances that restart often still purge.
    var first = interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval : Duration.ofMinutes(1);
    scheduled = scheduler.scheduleWithFixedDelay(this::purgeQuietly, clock.instant().plus(first), interval);
  }

  /** Deletes every run past retention now, in batches; returns how many. */
  int purge() {
    var cutoff = DbTime.now(clock).minus(retention);
    int total = 0;
    int purged;
    do {
      purged = runs.purge(cutoff, BATCH);
      total += purged;
    } while (purged == BATCH);
    return total;
  }

  private void purgeQuietly() {
    try {
      // Held for half an interval at least: instances whose schedules interleave do not purge twice.
      locks.executeWithLock((Runnable) () -> {
        int purged = purge();
        if (purged > 0) {
          log.info("Purged {} sync run(s) started more than {} ago, with their rejected records", purged, retention);
        }
      }, new LockConfiguration(clock.instant(), "sync-run-purge", interval.plus(Duration.ofMinutes(10)),
          interval.dividedBy(2)));
    } catch (RuntimeException e) {
      log.warn("Sync run purge failed, tried again in {}: {}", interval, e.toString());
    }
  }

  @Override
  public void destroy() {
    var s = scheduled;
    if (s != null) {
      s.cancel(false);
    }
  }
}
