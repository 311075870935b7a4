package io.tradepost.catalog.events;

import io.tradepost.platform.DbTime;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Purges applied events and dead letters past {@code retention}, with either transport. */
@Component
class EventRetention implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(EventRetention.class);
  private static final int PURGE_CHUNK = 10_000;

  private final EventAuditTrail trail;
  private final DeadLetters deadLetters;
  private final EventsProperties properties;
  private final Clock clock;

  EventRetention(EventAuditTrail trail, DeadLetters deadLetters, EventsProperties properties, Clock clock) {
    this.trail = trail;
    this.deadLetters = deadLetters;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(new FixedDelayTask(this::purgeOldEvents, properties.purgeInterval(), Duration.ofMinutes(1)));
  }

  void purgeOldEvents() {
    var cutoff = DbTime.now(clock).minus(properties.retention());
    int purged;
    int total = 0;
    do {
      purged = trail.purgeApplied(cutoff, PURGE_CHUNK);
      total += purged;
    } while (purged == PURGE_CHUNK && !Thread.currentThread().isInterrupted());
    if (total > 0) {
      log.info("Purged {} applied events older than {}", total, properties.retention());
    }
    int deadPurged = deadLetters.purge(cutoff);
    if (deadPurged > 0) {
      log.info("Purged {} dead letters older than {}", deadPurged, properties.retention());
    }
  }
}
