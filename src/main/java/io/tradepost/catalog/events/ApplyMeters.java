package io.tradepost.catalog.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.stereotype.Component;

/** The meters of applying events, the same for both transports. */
@Component
class ApplyMeters {

  private final Timer lag;
  private final Counter appliedEvents;
  private final Counter dead;
  private final Counter failures;

  ApplyMeters(MeterRegistry meters) {
    this.lag = Timer.builder("tradepost.events.apply.lag")
        .description("From an event's acceptance to its application")
        .publishPercentiles(0.5, 0.99)
        .register(meters);
    this.appliedEvents = Counter.builder("tradepost.events.applied")
        .description("Events applied to their products (dead letters not included)")
        .register(meters);
    this.dead = Counter.builder("tradepost.events.dead")
        .description("Events that could not be applied, set aside in product_events_dead")
        .register(meters);
    this.failures = Counter.builder("tradepost.events.apply.failures")
        .description("Applier transactions that failed and were rolled back, to be retried")
        .register(meters);
  }

  /**
   * A batch of {@code events} committed at {@code committed}, {@code deadLetters} of them set aside:
   * the lag of each applied event, and the counts.
   */
  void applied(int events, List<LocalDateTime> receivedAt, int deadLetters, Instant committed) {
    appliedEvents.increment(events - deadLetters);
    dead.increment(deadLetters);
    for (var received : receivedAt) {
      lag.record(Duration.between(received.toInstant(ZoneOffset.UTC), committed));
    }
  }

  void failed() {
    failures.increment();
  }
}
