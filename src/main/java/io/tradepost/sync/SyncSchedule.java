package io.tradepost.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * When runs happen: once per enabled source at start (if {@code on-start}), then at every
 * {@code interval} slot. Slots are aligned to the epoch, so all instances tick together; each tick
 * carries its slot's instant, and the run row's unique slot key (see {@link Synchronizer#beginSlot})
 * lets exactly one instance begin the slot's run, however early, late or skewed the others' ticks are.
 */
@Component
class SyncSchedule implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SyncSchedule.class);
  private final SyncProperties properties;
  private final Synchronizer synchronizer;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final Map<String, ScheduledFuture<?>> ticks = new ConcurrentHashMap<>();
  private volatile ScheduledFuture<?> heartbeats;
  private volatile boolean stopped;

  SyncSchedule(SyncProperties properties, Synchronizer synchronizer, TaskScheduler scheduler, Clock clock) {
    this.properties = properties;
    this.synchronizer = synchronizer;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    synchronizer.recoverStale();
    heartbeats = scheduler.scheduleAtFixedRate(this::heartbeat, properties.staleAfter().dividedBy(3));
    for (var name : enabled()) {
      schedule(name, nextRun());
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

  private void schedule(String name, Instant slot) {
    if (!stopped) {
      ticks.put(name, scheduler.schedule(() -> {
        try {
          tick(name, slot);
        } finally {
          // The slot after this one, or after now when the tick came so late that slots went by.
          var next = slot.plus(properties.interval());
          schedule(name, next.isAfter(clock.instant()) ? next : nextRun());
        }
      }, slot));
    }
  }

  /** Begins the slot's run unless another instance has. */
  void tick(String name, Instant slot) {
    try {
      synchronizer.beginSlot(name, slot).ifPresent(synchronizer::launchIfStarted);
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
    stopped = true;
    if (heartbeats != null) {
      heartbeats.cancel(false);
    }
    ticks.values().forEach(f -> f.cancel(false));
  }
}
