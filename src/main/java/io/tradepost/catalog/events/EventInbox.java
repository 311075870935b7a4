package io.tradepost.catalog.events;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.MultiRowInsert;
import io.tradepost.platform.Placeholders;
import io.tradepost.platform.PostgresCopy;
import io.tradepost.platform.SqlDialect;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code product_events} inbox: appends accepted events, each under a sequence number of its own.
 *
 * <p>Unapplied events are listed in a small work queue, {@code product_events_pending}: one row per
 * range of consecutive sequences (an append's new events get consecutive sequences), written in the
 * append's transaction and deleted in the transaction that applies the range ({@link PendingEvents}).
 * A row per range rather than per event: the queue costs a few rows per thousand events, and an
 * applier's claim never walks far over the dead entries that deleted rows leave in its index until
 * vacuum (with a row per event, 1.7 million applied events without a vacuum made every claim read
 * 5,700 index pages, 18 ms).
 */
@Repository
class EventInbox {

  private static final String[] EVENT_COLUMNS =
      {"seq", "product_id", "event_id", "name", "merchant_id", "price", "stock", "received_at"};
  private static final MultiRowInsert INSERT = new MultiRowInsert("product_events", EVENT_COLUMNS);
  private static final PostgresCopy COPY = new PostgresCopy("product_events", EVENT_COLUMNS);
  private static final MultiRowInsert INSERT_PENDING =
      new MultiRowInsert("product_events_pending", "first_seq", "last_seq");
  private static final int IN_LIST = 1000;

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final PostgresEventStatements postgres;
  private final TransactionTemplate transaction;
  private final TransactionTemplate outsideTransactions;
  /** Most events in one pending range: an applier takes at least one whole range per transaction. */
  private final int maxRange;

  EventInbox(JdbcClient jdbc, DataSource dataSource, SqlDialect dialect, PostgresEventStatements postgres,
      PlatformTransactionManager transactions, EventsProperties properties) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.postgres = postgres;
    this.transaction = InboxTransactions.of(transactions, dialect);
    this.outsideTransactions = InboxTransactions.outside(transactions);
    this.maxRange = properties.maxBatch();
  }

  /** An appended event's sequence; {@code duplicate} when its event_id had been appended before. */
  record Appended(long sequence, boolean duplicate) {}

  /**
   * Stores the events in one transaction and returns, per event, its sequence. An event whose
   * {@code event_id} was seen before is not stored again and gets the first one's sequence.
   */
  List<Appended> append(List<ProductEvent> events, Instant now) {
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

  private List<Appended> tryAppend(List<ProductEvent> events, Instant now) {
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
    var toStore = new ArrayList<ProductEvent>(fresh);
    for (int i = 0; i < events.size(); i++) {
      if (place[i] >= 0) {
        toStore.add(events.get(i));
      }
    }
    var received = DbTime.toDb(now);
    boolean oneStatement = dialect == SqlDialect.POSTGRESQL
        && fresh <= Math.min(PostgresEventStatements.ONE_STATEMENT, maxRange);
    long first = fresh == 0 ? 0
        : oneStatement ? outsideTransactions.execute(status -> postgres.append(toStore, received))
        : append(toStore, received);
    var appended = new ArrayList<Appended>(events.size());
    for (int i = 0; i < events.size(); i++) {
      var eventId = events.get(i).eventId();
      if (place[i] >= 0) {
        appended.add(new Appended(first + place[i], false));
      } else {
        appended.add(new Appended(known.containsKey(eventId) ? known.get(eventId) : first + placeOf.get(eventId), true));
      }
    }
    return appended;
  }

  /**
   * Stores new events under a block of sequence numbers taken outside the storing transaction, listed
   * as pending in ranges of at most {@code max-batch} events; returns the first sequence.
   */
  private long append(List<ProductEvent> events, LocalDateTime received) {
    long first = allocate(events.size());
    var rows = new ArrayList<Object[]>(events.size());
    for (int i = 0; i < events.size(); i++) {
      var e = events.get(i);
      rows.add(new Object[] {first + i, e.productId(), e.eventId(), e.name(), e.merchantId(), e.price(), e.stock(),
          received});
    }
    var pending = new ArrayList<Object[]>();
    for (long from = first; from < first + events.size(); from += maxRange) {
      pending.add(new Object[] {from, Math.min(first + events.size(), from + maxRange) - 1});
    }
    transaction.executeWithoutResult(status -> {
      if (dialect == SqlDialect.POSTGRESQL) {
        COPY.copy(dataSource, rows);
      } else {
        INSERT.insert(jdbc, rows);
      }
      INSERT_PENDING.insert(jdbc, pending);
    });
    return first;
  }

  /**
   * Takes a block of {@code n} sequence numbers with one statement, outside any transaction: the
   * sequence row is locked only for that statement, never for a whole append.
   */
  private long allocate(int n) {
    long last = outsideTransactions.execute(status -> switch (dialect) {
      case POSTGRESQL -> jdbc.sql("UPDATE product_event_sequence SET last_seq = last_seq + ? WHERE id = 1 RETURNING last_seq")
          .param(n).query(Long.class).single();
      case H2 -> jdbc.sql("SELECT last_seq FROM FINAL TABLE (UPDATE product_event_sequence SET last_seq = last_seq + ? WHERE id = 1)")
          .param(n).query(Long.class).single();
      // MariaDB has no UPDATE ... RETURNING; LAST_INSERT_ID(expr) hands the new value back in the
      // statement's own OK packet, which the driver reports as the generated key.
      case MARIADB -> {
        var key = new GeneratedKeyHolder();
        jdbc.sql("UPDATE product_event_sequence SET last_seq = LAST_INSERT_ID(last_seq + ?) WHERE id = 1")
            .param(n).update(key);
        yield key.getKey().longValue();
      }
    });
    return last - n + 1;
  }

  private Map<String, Long> knownEventIds(List<ProductEvent> events) {
    var ids = events.stream().map(ProductEvent::eventId).filter(id -> id != null).distinct().toList();
    var known = new HashMap<String, Long>();
    for (int from = 0; from < ids.size(); from += IN_LIST) {
      var chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
      jdbc.sql("SELECT event_id, seq FROM product_events WHERE event_id IN (" + Placeholders.of(chunk.size()) + ")")
          .params(new ArrayList<Object>(chunk))
          .query((rs, row) -> known.put(rs.getString(1), rs.getLong(2)))
          .list();
    }
    return known;
  }

  /** Accepted events not applied yet, by every instance. */
  long backlog() {
    return jdbc.sql("SELECT COALESCE(SUM(last_seq - first_seq + 1), 0) FROM product_events_pending")
        .query(Long.class).single();
  }
}
