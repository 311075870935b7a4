package io.tradepost.catalog;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.MultiRowInsert;
import io.tradepost.platform.PostgresCopy;
import io.tradepost.platform.SqlDialect;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code product_events} inbox: appending accepted events, applying them to products, the audit trail. */
@Repository
class EventStore {

  private static final String[] EVENT_COLUMNS =
      {"seq", "product_id", "event_id", "name", "merchant_id", "price", "stock", "received_at"};
  private static final MultiRowInsert INSERT = new MultiRowInsert("product_events", EVENT_COLUMNS);
  private static final PostgresCopy COPY = new PostgresCopy("product_events", EVENT_COLUMNS);
  private static final MultiRowInsert INSERT_PRODUCT = new MultiRowInsert("products",
      "id", "name", "merchant_id", "price", "stock", "version", "last_event_seq", "name_seq", "merchant_seq",
      "price_seq", "stock_seq", "created_at", "updated_at");
  private static final int IN_LIST = 1000;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final DataSource dataSource;
  private final boolean copy;
  private final TransactionTemplate transaction;
  private final TransactionTemplate separateTransaction;

  EventStore(JdbcClient jdbc, JdbcTemplate template, DataSource dataSource, SqlDialect dialect,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.template = template;
    this.dataSource = dataSource;
    this.copy = dialect == SqlDialect.POSTGRESQL;
    this.transaction = new TransactionTemplate(transactions);
    this.separateTransaction = new TransactionTemplate(transactions);
    this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** An accepted event's sequence; {@code duplicate} when its event_id had been accepted before. */
  record Accepted(long sequence, boolean duplicate) {}

  /**
   * Stores the events in one transaction and returns, per event, its sequence. An event whose
   * {@code event_id} was seen before is not stored again and gets the first one's sequence.
   */
  List<Accepted> append(List<ProductEvent> events, Instant now) {
    for (int attempt = 1; ; attempt++) {
      try {
        return tryAppend(events, now);
      } catch (DuplicateKeyException raced) {
        // Another writer stored one of these event_ids after we looked: look again.
        if (attempt == 3) {
          throw raced;
        }
      }
    }
  }

  private List<Accepted> tryAppend(List<ProductEvent> events, Instant now) {
    boolean anyEventId = events.stream().anyMatch(e -> e.eventId() != null);
    Map<String, Long> known = anyEventId ? transaction.execute(status -> knownEventIds(events)) : Map.of();
    // Each event's place among the ones to store, or -1 when its event_id was seen before.
    var place = new int[events.size()];
    var placeOf = new HashMap<String, Integer>();
    int fresh = 0;
    for (int i = 0; i < events.size(); i++) {
      var eventId = events.get(i).eventId();
      if (eventId != null && (known.containsKey(eventId) || placeOf.containsKey(eventId))) {
        place[i] = -1;
      } else {
        place[i] = fresh++;
        if (eventId != null) {
          placeOf.put(eventId, place[i]);
        }
      }
    }
    long first = fresh == 0 ? 0 : allocate(fresh);
    var received = DbTime.toDb(now);
    var rows = new ArrayList<Object[]>(fresh);
    var accepted = new ArrayList<Accepted>(events.size());
    for (int i = 0; i < events.size(); i++) {
      var e = events.get(i);
      if (place[i] >= 0) {
        rows.add(new Object[] {first + place[i], e.productId(), e.eventId(), e.name(), e.merchantId(), e.price(),
            e.stock(), received});
        accepted.add(new Accepted(first + place[i], false));
      } else {
        long original = known.containsKey(e.eventId()) ? known.get(e.eventId()) : first + placeOf.get(e.eventId());
        accepted.add(new Accepted(original, true));
      }
    }
    transaction.executeWithoutResult(status -> {
      if (copy) {
        COPY.copy(dataSource, rows);
      } else {
        INSERT.insert(jdbc, rows);
      }
    });
    return accepted;
  }

  /** Takes a block of {@code n} sequence numbers in its own short transaction. */
  private long allocate(int n) {
    return separateTransaction.execute(status -> {
      jdbc.sql("UPDATE product_event_sequence SET last_seq = last_seq + ? WHERE id = 1").param(n).update();
      long last = jdbc.sql("SELECT last_seq FROM product_event_sequence WHERE id = 1").query(Long.class).single();
      return last - n + 1;
    });
  }

  private Map<String, Long> knownEventIds(List<ProductEvent> events) {
    var ids = events.stream().map(ProductEvent::eventId).filter(id -> id != null).distinct().toList();
    var known = new HashMap<String, Long>();
    for (int from = 0; from < ids.size(); from += IN_LIST) {
      var chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
      jdbc.sql("SELECT event_id, seq FROM product_events WHERE event_id IN (" + marks(chunk.size()) + ")")
          .params(new ArrayList<Object>(chunk))
          .query((rs, row) -> known.put(rs.getString(1), rs.getLong(2)))
          .list();
    }
    return known;
  }

  /** What one applier batch did. */
  record Applied(int events, List<LocalDateTime> receivedAt) {}

  /**
   * Claims up to {@code max} unapplied events that no other applier holds, applies them to their
   * products and marks them applied, in one transaction.
   */
  Applied applyNext(int max, Instant now) {
    return transaction.execute(status -> {
      var events = jdbc.sql("""
              SELECT seq, product_id, name, merchant_id, price, stock, received_at FROM product_events
               WHERE applied_at IS NULL ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED""")
          .param(max)
          .query((rs, row) -> new Row(rs.getLong("seq"), rs.getString("product_id"), rs.getString("name"),
              rs.getString("merchant_id"), rs.getObject("price", Long.class),
              rs.getObject("stock", Long.class), rs.getObject("received_at", LocalDateTime.class)))
          .list();
      if (events.isEmpty()) {
        return new Applied(0, List.of());
      }
      // Products in id order: two appliers touching the same products lock them in the same order.
      var merged = new TreeMap<String, Merged>();
      for (var e : events) {
        merged.computeIfAbsent(e.productId(), Merged::new).add(e);
      }
      var updated = new ArrayList<>(merged.values());
      var at = DbTime.toDb(now);
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
              var m = updated.get(i);
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
              return updated.size();
            }
          });
      var untouched = new ArrayList<Merged>();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          untouched.add(updated.get(i));
        }
      }
      createMissing(untouched, at);
      var seqs = events.stream().map(Row::seq).toList();
      for (int from = 0; from < seqs.size(); from += IN_LIST) {
        var chunk = seqs.subList(from, Math.min(seqs.size(), from + IN_LIST));
        var params = new ArrayList<Object>(chunk.size() + 1);
        params.add(at);
        params.addAll(chunk);
        jdbc.sql("UPDATE product_events SET applied_at = ? WHERE seq IN (" + marks(chunk.size()) + ")")
            .params(params)
            .update();
      }
      return new Applied(events.size(), events.stream().map(Row::receivedAt).toList());
    });
  }

  /**
   * Products that the guarded update did not touch either do not exist yet (a first event creates
   * them, missing price and stock = 0) or already hold newer values (nothing to do).
   */
  private void createMissing(List<Merged> untouched, LocalDateTime at) {
    if (untouched.isEmpty()) {
      return;
    }
    Set<String> existing = new HashSet<>();
    for (int from = 0; from < untouched.size(); from += IN_LIST) {
      var chunk = untouched.subList(from, Math.min(untouched.size(), from + IN_LIST));
      existing.addAll(jdbc.sql("SELECT id FROM products WHERE id IN (" + marks(chunk.size()) + ")")
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

  long backlog() {
    return jdbc.sql("SELECT COUNT(*) FROM product_events WHERE applied_at IS NULL").query(Long.class).single();
  }

  /** An event as the audit trail shows it. */
  record Recorded(long sequence, String eventId, String name, String merchantId, Long price, Long stock,
      Instant receivedAt, Instant appliedAt) {}

  List<Recorded> recent(String productId, int limit) {
    return jdbc.sql("""
            SELECT seq, event_id, name, merchant_id, price, stock, received_at, applied_at FROM product_events
             WHERE product_id = ? ORDER BY seq DESC LIMIT ?""")
        .params(productId, limit)
        .query((rs, row) -> new Recorded(rs.getLong("seq"), rs.getString("event_id"), rs.getString("name"),
            rs.getString("merchant_id"), rs.getObject("price", Long.class), rs.getObject("stock", Long.class),
            DbTime.fromDb(rs.getObject("received_at", LocalDateTime.class)),
            DbTime.fromDb(rs.getObject("applied_at", LocalDateTime.class))))
        .list();
  }

  /** Deletes up to {@code max} events applied before {@code cutoff}; returns how many. */
  int purgeApplied(Instant cutoff, int max) {
    return transaction.execute(status -> {
      var seqs = jdbc.sql("SELECT seq FROM product_events WHERE applied_at < ? ORDER BY applied_at LIMIT ?")
          .params(DbTime.toDb(cutoff), max)
          .query(Long.class)
          .list();
      int deleted = 0;
      for (int from = 0; from < seqs.size(); from += IN_LIST) {
        var chunk = seqs.subList(from, Math.min(seqs.size(), from + IN_LIST));
        deleted += jdbc.sql("DELETE FROM product_events WHERE seq IN (" + marks(chunk.size()) + ")")
            .params(new ArrayList<Object>(chunk))
            .update();
      }
      return deleted;
    });
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
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

  private record Row(long seq, String productId, String name, String merchantId, Long price, Long stock,
      LocalDateTime receivedAt) {}

  /** One product's events of a batch, folded: each field from the newest event that carried it. */
  private static final class Merged {
    final String productId;
    String name;
    String merchantId;
    Long price;
    Long stock;
    long nameSeq;
    long merchantSeq;
    long priceSeq;
    long stockSeq;
    long lastSeq;

    Merged(String productId) {
      this.productId = productId;
    }

    /** Events arrive in sequence order, so a later one simply overrides. */
    void add(Row e) {
      lastSeq = e.seq();
      if (e.name() != null) {
        name = e.name();
        nameSeq = e.seq();
      }
      if (e.merchantId() != null) {
        merchantId = e.merchantId();
        merchantSeq = e.seq();
      }
      if (e.price() != null) {
        price = e.price();
        priceSeq = e.seq();
      }
      if (e.stock() != null) {
        stock = e.stock();
        stockSeq = e.seq();
      }
    }
  }
}
