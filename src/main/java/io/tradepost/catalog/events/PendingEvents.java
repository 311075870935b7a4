package io.tradepost.catalog.events;

import io.tradepost.catalog.cache.ProductReadCache;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.SqlDialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The events waiting in {@code product_events_pending}: an applier claims ranges of them, folds each
 * product's events and writes the products with the per-field sequence guard ({@link ProductUpdates}).
 */
@Repository
class PendingEvents {

  /**
   * Pending ranges an applier looks at (and locks) per claim; it takes as many of them, in sequence
   * order, as fit in its batch. Locked but not taken ranges are free again at its commit.
   */
  private static final int CANDIDATES = 32;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final SqlDialect dialect;
  private final PostgresEventStatements postgres;
  private final TransactionTemplate transaction;
  private final ProductReadCache cache;
  private final ProductUpdates updates;
  /** Most events in one pending range: an applier takes at least one whole range per transaction. */
  private final int maxRange;

  PendingEvents(JdbcClient jdbc, JdbcTemplate template, SqlDialect dialect, PostgresEventStatements postgres,
      PlatformTransactionManager transactions, EventsProperties properties, ProductReadCache cache,
      ProductUpdates updates) {
    this.jdbc = jdbc;
    this.template = template;
    this.dialect = dialect;
    this.postgres = postgres;
    this.transaction = InboxTransactions.of(transactions, dialect);
    this.cache = cache;
    this.updates = updates;
    this.maxRange = properties.maxBatch();
  }

  /**
   * Claims pending ranges of up to {@code max} events in all (at least one range) that no other applier
   * holds, applies their events to the products, takes the ranges off the queue and records them as
   * applied, in one transaction.
   *
   * <p>{@code isolating}, for a claim after batches kept failing: events are applied under a savepoint;
   * when the database refuses them (a constraint, a value it cannot store), the savepoint is rolled back
   * and each half is applied on its own, down to single events. One that fails twice alone goes to the
   * dead letters and off the queue, and the rest of the claim is applied. Halves may be applied apart:
   * the per-field sequence guard gives the same products in any split. Any other failure (lock, timeout,
   * lost connection) is no event's fault and rolls the whole claim back, to be retried.
   */
  ProductUpdates.Applied applyNext(int max, Instant now, boolean isolating) {
    // Enough candidates to fill the batch with ranges as large as the intake makes them.
    int candidates = CANDIDATES * Math.max(1, (max + maxRange - 1) / maxRange);
    return transaction.execute(status -> {
      var at = DbTime.toDb(now);
      var events = dialect == SqlDialect.POSTGRESQL ? postgres.claim(max, candidates) : claim(max, candidates);
      if (events.isEmpty()) {
        return ProductUpdates.Applied.NOTHING;
      }
      cache.changed(events.stream().map(InboxEvent::productId).collect(Collectors.toSet()));
      return updates.apply(events, at, status, isolating);
    });
  }

  /** H2 and MariaDB: the claim of {@link PostgresEventStatements#claim} in portable statements. */
  private List<InboxEvent> claim(int max, int candidates) {
    var lowest = jdbc.sql("""
            SELECT first_seq, last_seq FROM product_events_pending
             ORDER BY first_seq LIMIT ? FOR UPDATE SKIP LOCKED""")
        .param(candidates)
        .query((rs, row) -> new Range(rs.getLong(1), rs.getLong(2)))
        .list();
    var taken = new ArrayList<Range>();
    long events = 0;
    for (var range : lowest) {
      if (!taken.isEmpty() && events + range.events() > max) {
        break;
      }
      taken.add(range);
      events += range.events();
    }
    if (taken.isEmpty()) {
      return List.of();
    }
    var where = new StringBuilder(" WHERE ");
    var bounds = new ArrayList<Object>();
    for (var range : taken) {
      where.append(bounds.isEmpty() ? "" : " OR ").append("seq BETWEEN ? AND ?");
      bounds.add(range.first());
      bounds.add(range.last());
    }
    var rows = jdbc.sql("SELECT seq, product_id, name, merchant_id, price, stock, received_at FROM product_events"
            + where + " ORDER BY seq")
        .params(bounds)
        .query(InboxEvent::read)
        .list();
    // A statement per range (sent as one batch): for an IN list over a small queue MariaDB scans the
    // table and waits on the rows that other appliers hold, which deadlocks with them.
    template.batchUpdate("DELETE FROM product_events_pending WHERE first_seq = ?", taken, taken.size(),
        (ps, range) -> ps.setLong(1, range.first()));
    return rows;
  }

  /** A pending range of consecutive sequences, both ends included. */
  private record Range(long first, long last) {
    long events() {
      return last - first + 1;
    }
  }
}
