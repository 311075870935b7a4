package io.tradepost.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * When runs happen: once per enabled source at start (if {@code on-start}), then at every
 * {@code interval} slot. Slots are aligned to the epoch, so all instances fire together and ShedLock
 * (table {@code sync_shedlock}) lets exactly one of them start the slot's run; the lock is held for
 * half an interval at least, longer than any clock skew between instances.
 */
@Component
class SyncSchedule implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SyncSchedule.class);
  private final SyncProperties properties;
  private final Synchronizer synchronizer;
  private final TaskScheduler scheduler;
  private final LockingTaskExecutor locks;
  private final Clock clock;
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

  SyncSchedule(SyncProperties properties, Synchronizer synchronizer, TaskScheduler scheduler,
      LockingTaskExecutor syncLocks, Clock clock) {
    this.properties = properties;
    this.synchronizer = synchronizer;
    this.scheduler = scheduler;
    this.clock = clock;
    this.locks = syncLocks;
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    synchronizer.recoverStale();
    scheduled.add(scheduler.scheduleAtFixedRate(this::heartbeat, properties.staleAfter().dividedBy(3)));
    for (var name : enabled()) {
      scheduled.add(scheduler.schedule(() -> tick(name), ctx -> nextRun()));
    }
    if (properties.onStart()) {
      for (var name : enabled()) {
        synchronizer.launchIfStarted(synchronizer.beginOrSkip(name, SyncTrigger.STARTUP));
      }
    }
  }

  /** The next slot, when every enabled source's scheduled run starts. */
  Instant nextRun() {
    long every = properties.interval().toMillis();
    return Instant.ofEpochMilli((clock.millis() / every + 1) * every);
  }

  boolean isScheduled(String name) {
    return enabled().contains(name);
  }

  private List<String> enabled() {
    return synchronizer.names().stream()
        .filter(n -> synchronizer.source(n).disabledBecause().isEmpty())
        .toList();
  }

  private void tick(String name) {
    var interval = properties.interval();
    try {
      locks.executeWithLock((Runnable) () ->
              synchronizer.launchIfStarted(synchronizer.beginOrSkip(name, SyncTrigger.SCHEDULED)),
          new LockConfiguration(clock.instant(), "sync-" + name, interval, interval.dividedBy(2)));
    } catch (RuntimeException e) {
      log.warn("Scheduled sync of {} did not start: {}", name, e.toString());
    }
  }

  private void heartbeat() {
    try {
      synchronizer.heartbeat();
    } catch (RuntimeException e) {
      log.warn("Sync heartbeat failed: {}", e.toString());
    }
  }


  @Override
  public void destroy() {
    scheduled.forEach(f -> f.cancel(false));
  }
}
