package io.tradepost.catalog;

import io.tradepost.catalog.events.DeadLetters;
import io.tradepost.catalog.events.EventAuditTrail;
import io.tradepost.catalog.events.EventIntake;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.InvalidInput;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The product events for other modules (the operators' dashboard): how far intake and appliers
 * are, the dead letters and a product's event trail, all read from the database so that every
 * instance shows the whole cluster. With the Kafka transport the backlog is the consumer lag and
 * nothing is ever pending in the inbox, so {@link #oldestUnapplied} is null.
 */
@Service
public class EventLog {

  private final EventIntake intake;
  private final EventAuditTrail trail;
  private final DeadLetters deadLetters;
  private final JdbcClient jdbc;

  EventLog(EventIntake intake, EventAuditTrail trail, DeadLetters deadLetters, JdbcClient jdbc) {
    this.intake = intake;
    this.trail = trail;
    this.deadLetters = deadLetters;
    this.jdbc = jdbc;
  }

  /** Accepted events not applied yet, by every instance (as re-read from the database every second). */
  public long backlog() {
    return intake.backlog();
  }

  /** The highest sequence number given to an accepted event; 0 when none. Its growth is the intake rate. */
  public long lastSequence() {
    return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM product_events").query(Long.class).single();
  }

  /** When the oldest event not applied yet was accepted; null when every event is applied. */
  public Instant oldestUnapplied() {
    // Both lookups walk a primary key from its low end: cheap however long the inbox is.
    return jdbc.sql("""
            SELECT e.received_at FROM product_events e
             WHERE e.seq = (SELECT MIN(first_seq) FROM product_events_pending)""")
        .query((rs, row) -> DbTime.fromDb(rs.getObject(1, LocalDateTime.class)))
        .optional().orElse(null);
  }

  /** An event that could not be applied, with the reason. Amounts in minor units. */
  public record DeadLetter(long sequence, String productId, String eventId, Long price, Long stock,
      Instant receivedAt, String reason, Instant failedAt) {}

  public List<DeadLetter> deadLetters(int limit) {
    return deadLetters.newest(limit).stream().map(d -> new DeadLetter(d.sequence(), d.productId(), d.eventId(),
        d.price(), d.stock(), d.receivedAt(), d.reason(), d.failedAt())).toList();
  }

  /** An accepted event of a product; {@code appliedAt} null while it waits. Amounts in minor units. */
  public record Recorded(long sequence, String eventId, String name, String merchantId, Long price, Long stock,
      Instant receivedAt, Instant appliedAt) {}

  /** The product's newest events; 400 {@code VALIDATION_FAILED} for an id that cannot be a product's. */
  public List<Recorded> trail(String productId, int limit) {
    var check = new InvalidInput.Check();
    var id = ProductIds.check(productId, "product_id", check);
    check.done();
    return trail.recent(id, limit).stream().map(r -> new Recorded(r.sequence(), r.eventId(), r.name(),
        r.merchantId(), r.price(), r.stock(), r.receivedAt(), r.appliedAt())).toList();
  }
}
