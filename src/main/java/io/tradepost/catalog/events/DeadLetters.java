package io.tradepost.catalog.events;

import io.tradepost.platform.DbTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code product_events_dead}: events an applier could not apply, set aside with the reason so that
 * they never stop the queue. An event lands here only after its batch failed again and again and
 * bisecting it showed this event alone fails (see {@link PendingEvents#applyNext}).
 */
@Repository
public class DeadLetters {

  /** Longest reason kept (the column's size). */
  private static final int MAX_REASON = 1000;

  private final JdbcClient jdbc;

  DeadLetters(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Copies the inbox event {@code seq} here, in the caller's transaction. */
  void add(long seq, String reason, LocalDateTime failedAt) {
    jdbc.sql("""
            INSERT INTO product_events_dead
                   (seq, product_id, event_id, name, merchant_id, price, stock, received_at, reason, failed_at)
            SELECT seq, product_id, event_id, name, merchant_id, price, stock, received_at, ?, ?
              FROM product_events WHERE seq = ?""")
        .params(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason, failedAt, seq)
        .update();
  }

  /** An event that could not be applied. */
  public record DeadLetter(long sequence, String productId, String eventId, String name, String merchantId, Long price,
      Long stock, Instant receivedAt, String reason, Instant failedAt) {}

  /** The most recent dead letters, newest first. */
  public List<DeadLetter> newest(int limit) {
    return jdbc.sql("""
            SELECT seq, product_id, event_id, name, merchant_id, price, stock, received_at, reason, failed_at
              FROM product_events_dead ORDER BY failed_at DESC, seq DESC LIMIT ?""")
        .param(limit)
        .query((rs, row) -> new DeadLetter(rs.getLong("seq"), rs.getString("product_id"), rs.getString("event_id"),
            rs.getString("name"), rs.getString("merchant_id"), rs.getObject("price", Long.class),
            rs.getObject("stock", Long.class), DbTime.fromDb(rs.getObject("received_at", LocalDateTime.class)),
            rs.getString("reason"), DbTime.fromDb(rs.getObject("failed_at", LocalDateTime.class))))
        .list();
  }

  /** Deletes the dead letters set aside before {@code cutoff}; returns how many. */
  int purge(Instant cutoff) {
    return jdbc.sql("DELETE FROM product_events_dead WHERE failed_at < ?").param(DbTime.toDb(cutoff)).update();
  }
}
