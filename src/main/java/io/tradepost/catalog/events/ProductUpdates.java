package io.tradepost.catalog.events;

import io.tradepost.platform.MultiRowInsert;
import io.tradepost.platform.Placeholders;
import io.tradepost.platform.SqlDialect;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.TransactionStatus;

/**
 * Writes events to the products, whichever transport brought them: folds each product's events and
 * writes them with the per-field sequence guard, sets aside the ones the database refuses as dead
 * letters, and records the applied ones, all in the caller's transaction.
 *
 * <p>When events were applied is kept as one row per applied range of consecutive sequences in
 * {@code product_events_applied}: event rows are written once and never updated.
 */
@Repository
class ProductUpdates {

  private static final Logger log = LoggerFactory.getLogger(ProductUpdates.class);

  private static final MultiRowInsert INSERT_APPLIED =
      new MultiRowInsert("product_events_applied", "first_seq", "last_seq", "applied_at");
  private static final MultiRowInsert INSERT_PRODUCT = new MultiRowInsert("products",
      "id", "name", "merchant_id", "price", "stock", "version", "last_event_seq", "name_seq", "merchant_seq",
      "price_seq", "stock_seq", "created_at", "updated_at");
  private static final int IN_LIST = 1000;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final SqlDialect dialect;
  private final PostgresEventStatements postgres;
  private final DeadLetters deadLetters;

  ProductUpdates(JdbcClient jdbc, JdbcTemplate template, SqlDialect dialect, PostgresEventStatements postgres,
      DeadLetters deadLetters) {
    this.jdbc = jdbc;
    this.template = template;
    this.dialect = dialect;
    this.postgres = postgres;
    this.deadLetters = deadLetters;
  }

  /**
   * What one batch did: the events it took ({@code events}, applied or dead), when the applied ones
   * were received, and how many were set aside as dead letters.
   */
  record Applied(int events, List<LocalDateTime> receivedAt, int dead) {
    static final Applied NOTHING = new Applied(0, List.of(), 0);
  }

  /**
   * Applies events given in sequence order, each stored in {@code product_events}, and records them as
   * applied at {@code at}, in the transaction of {@code status}.
   *
   * <p>{@code isolating}, for a batch after batches kept failing: events are applied under a savepoint;
   * when the database refuses them (a constraint, a value it cannot store), the savepoint is rolled back
   * and each half is applied on its own, down to single events. One that fails twice alone goes to the
   * dead letters, and the rest of the batch is applied. Halves may be applied apart: the per-field
   * sequence guard gives the same products in any split. Any other failure (lock, timeout, lost
   * connection) is no event's fault and rolls the whole batch back, to be retried.
   */
  Applied apply(List<InboxEvent> events, LocalDateTime at, TransactionStatus status, boolean isolating) {
    Set<Long> dead = new HashSet<>();
    if (isolating) {
      applyIsolating(events, at, status, dead);
    } else {
      apply(events, at);
    }
    var applied = dead.isEmpty() ? events : events.stream().filter(e -> !dead.contains(e.seq())).toList();
    if (!applied.isEmpty()) {
      recordApplied(applied, at);
    }
    return new Applied(events.size(), applied.stream().map(InboxEvent::receivedAt).toList(), dead.size());
  }

  /** Folds the events per product and writes them with the per-field sequence guard. */
  private void apply(List<InboxEvent> events, LocalDateTime at) {
    var folds = ProductFold.of(events);
    var untouched = dialect == SqlDialect.POSTGRESQL ? postgres.update(folds, at) : update(folds, at);
    createMissing(untouched, at);
  }

  /** Applies the events, bisecting what the database refuses; adds the dead letters' sequences to {@code dead}. */
  private void applyIsolating(List<InboxEvent> events, LocalDateTime at, TransactionStatus status, Set<Long> dead) {
    for (int attempt = 1; ; attempt++) {
      var savepoint = status.createSavepoint();
      try {
        apply(events, at);
        status.releaseSavepoint(savepoint);
        return;
      } catch (DataIntegrityViolationException refused) {
        status.rollbackToSavepoint(savepoint);
        if (events.size() > 1) {
          int half = events.size() / 2;
          applyIsolating(events.subList(0, half), at, status, dead);
          applyIsolating(events.subList(half, events.size()), at, status, dead);
          return;
        }
        // A second try alone: a first can collide with another applier creating the same product.
        if (attempt == 2) {
          var event = events.get(0);
          var reason = NestedExceptionUtils.getMostSpecificCause(refused).toString();
          log.warn("Event {} for product {} cannot be applied; set aside as a dead letter: {}", event.seq(),
              event.productId(), reason);
          deadLetters.add(event.seq(), reason, at);
          dead.add(event.seq());
          return;
        }
      }
    }
  }

  /**
   * Applies the folded events with one guarded update per product, sent as one JDBC batch.
   *
   * @return the products the guard left untouched: new ones, or ones that already hold newer values
   */
  private List<ProductFold> update(List<ProductFold> folds, LocalDateTime at) {
    int[] counts = template.batchUpdate("""
        UPDATE products SET
               name = CASE WHEN name_seq < ? THEN ? ELSE name END,
               merchant_id = CASE WHEN merchant_seq < ? THEN ? ELSE merchant_id END,
               price = CASE WHEN price_seq < ? THEN ? ELSE price END,
               stock = CASE WHEN stock_seq < ? THEN ? ELSE stock END,
               version = version + 1,
               updated_at = ?,
               name_seq = GREATEST(name_seq, ?),
               merchant_seq = GREATEST(merchant_seq, ?),
               price_seq = GREATEST(price_seq, ?),
               stock_seq = GREATEST(stock_seq, ?),
               last_event_seq = GREATEST(last_event_seq, ?)
         WHERE id = ? AND (name_seq < ? OR merchant_seq < ? OR price_seq < ? OR stock_seq < ?)""",
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            var m = folds.get(i);
            ps.setLong(1, m.nameSeq);
            setString(ps, 2, m.name);
            ps.setLong(3, m.merchantSeq);
            setString(ps, 4, m.merchantId);
            ps.setLong(5, m.priceSeq);
            setLong(ps, 6, m.price);
            ps.setLong(7, m.stockSeq);
            setLong(ps, 8, m.stock);
            ps.setObject(9, at);
            ps.setLong(10, m.nameSeq);
            ps.setLong(11, m.merchantSeq);
            ps.setLong(12, m.priceSeq);
            ps.setLong(13, m.stockSeq);
            ps.setLong(14, m.lastSeq);
            ps.setString(15, m.productId);
            ps.setLong(16, m.nameSeq);
            ps.setLong(17, m.merchantSeq);
            ps.setLong(18, m.priceSeq);
            ps.setLong(19, m.stockSeq);
          }

          @Override
          public int getBatchSize() {
            return folds.size();
          }
        });
    var untouched = new ArrayList<ProductFold>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        untouched.add(folds.get(i));
      }
    }
    return untouched;
  }

  /**
   * Records the events as applied at {@code at}: one row per run of consecutive sequences
   * (claimed ranges are often adjacent; ranges held by other appliers or not committed yet leave gaps).
   */
  private void recordApplied(List<InboxEvent> events, LocalDateTime at) {
    var ranges = new ArrayList<Object[]>();
    long first = events.get(0).seq();
    for (int i = 1; i <= events.size(); i++) {
      if (i == events.size() || events.get(i).seq() != events.get(i - 1).seq() + 1) {
        ranges.add(new Object[] {first, events.get(i - 1).seq(), at});
        if (i < events.size()) {
          first = events.get(i).seq();
        }
      }
    }
    INSERT_APPLIED.insert(jdbc, ranges);
  }

  /**
   * Products that the guarded update did not touch either do not exist yet (a first event creates
   * them, missing price and stock = 0) or already hold newer values (nothing to do).
   */
  private void createMissing(List<ProductFold> untouched, LocalDateTime at) {
    if (untouched.isEmpty()) {
      return;
    }
    Set<String> existing = new HashSet<>();
    for (int from = 0; from < untouched.size(); from += IN_LIST) {
      var chunk = untouched.subList(from, Math.min(untouched.size(), from + IN_LIST));
      existing.addAll(jdbc.sql("SELECT id FROM products WHERE id IN (" + Placeholders.of(chunk.size()) + ")")
          .params(chunk.stream().map(m -> (Object) m.productId).toList())
          .query(String.class)
          .list());
    }
    // A concurrent creator makes this insert fail; the batch then rolls back and is applied again.
    INSERT_PRODUCT.insert(jdbc, untouched.stream()
        .filter(m -> !existing.contains(m.productId))
        .map(m -> new Object[] {m.productId, m.name, m.merchantId, m.price == null ? 0L : m.price,
            m.stock == null ? 0L : m.stock, 1L, m.lastSeq, m.nameSeq, m.merchantSeq, m.priceSeq, m.stockSeq, at, at})
        .toList());
  }

  private static void setString(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }
}
