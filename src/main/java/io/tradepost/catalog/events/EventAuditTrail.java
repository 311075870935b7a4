package io.tradepost.catalog.events;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.SqlDialect;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox as an audit trail: a product's events with when each was applied, kept for the retention
 * period and then purged from the low end of the sequence.
 */
@Repository
public class EventAuditTrail {

  private final JdbcClient jdbc;
  private final SqlDialect dialect;
  private final TransactionTemplate transaction;

  EventAuditTrail(JdbcClient jdbc, SqlDialect dialect, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.transaction = InboxTransactions.of(transactions, dialect);
  }

  /** An event as the audit trail shows it. */
  public record Recorded(long sequence, String eventId, String name, String merchantId, Long price, Long stock,
      Instant receivedAt, Instant appliedAt) {}

  /** The product's newest events, each with the time of the applied range that holds it, if any. */
  public List<Recorded> recent(String productId, int limit) {
    var ofProduct = dialect == SqlDialect.POSTGRESQL ? PostgresEventStatements.OF_PRODUCT : "e.product_id = :id";
    return jdbc.sql("""
            SELECT e.seq, e.event_id, e.name, e.merchant_id, e.price, e.stock, e.received_at,
                   (SELECT a.applied_at FROM product_events_applied a
                     WHERE a.first_seq = (SELECT MAX(b.first_seq) FROM product_events_applied b WHERE b.first_seq <= e.seq)
                       AND a.last_seq >= e.seq) AS applied_at
              FROM product_events e
             WHERE %s ORDER BY e.seq DESC LIMIT :limit""".formatted(ofProduct))
        .param("id", productId)
        .param("limit", limit)
        .query((rs, row) -> new Recorded(rs.getLong("seq"), rs.getString("event_id"), rs.getString("name"),
            rs.getString("merchant_id"), rs.getObject("price", Long.class), rs.getObject("stock", Long.class),
            DbTime.fromDb(rs.getObject("received_at", LocalDateTime.class)),
            DbTime.fromDb(rs.getObject("applied_at", LocalDateTime.class))))
        .list();
  }

  /**
   * Deletes up to {@code max} events from the low end of the sequence: those received before
   * {@code cutoff}, stopping at the first younger or still pending one. No index mentions
   * {@code received_at}: this walks the primary key from its start and reads
   * only the rows it deletes (plus one). The delete re-checks the age and that no pending range starts
   * in the walked range, so events committed late into it are never taken. The applied ranges of the
   * deleted events go with them. Returns how many events were deleted.
   */
  int purgeApplied(Instant cutoff, int max) {
    var before = DbTime.toDb(cutoff);
    return transaction.execute(status -> {
      var firstPending = jdbc.sql("SELECT MIN(first_seq) FROM product_events_pending").query(Long.class)
          .optional().orElse(null);
      var oldest = jdbc.sql("SELECT seq, received_at FROM product_events WHERE seq < ? ORDER BY seq LIMIT ?")
          .params(firstPending == null ? Long.MAX_VALUE : firstPending, max)
          .query((rs, row) -> new Aged(rs.getLong(1), rs.getObject(2, LocalDateTime.class)))
          .list();
      int old = 0;
      while (old < oldest.size() && oldest.get(old).receivedAt().isBefore(before)) {
        old++;
      }
      if (old == 0) {
        return 0;
      }
      long last = oldest.get(old - 1).seq();
      int deleted = jdbc.sql("""
              DELETE FROM product_events
               WHERE seq BETWEEN ? AND ? AND received_at < ?
                 AND NOT EXISTS (SELECT 1 FROM product_events_pending WHERE first_seq <= ?)""")
          .params(oldest.get(0).seq(), last, before, last)
          .update();
      // Applied ranges wholly below the oldest event left (ranges are disjoint: found through first_seq).
      jdbc.sql("""
              DELETE FROM product_events_applied
               WHERE first_seq < ? AND last_seq < COALESCE((SELECT MIN(seq) FROM product_events), ?)""")
          .params(last + 1, last + 1)
          .update();
      return deleted;
    });
  }

  private record Aged(long seq, LocalDateTime receivedAt) {}
}
