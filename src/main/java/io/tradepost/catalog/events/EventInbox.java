package io.tradepost.catalog.events;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.MultiRowInsert;
import io.tradepost.platform.SqlDialect;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
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
@ConditionalOnProperty(name = "tradepost.events.transport", havingValue = "inbox", matchIfMissing = true)
class EventInbox implements EventTransport {

  private static final MultiRowInsert INSERT_PENDING =
      new MultiRowInsert("product_events_pending", "first_seq", "last_seq");

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final PostgresEventStatements postgres;
  private final EventSequences sequences;
  private final TransactionTemplate transaction;
  private final TransactionTemplate outsideTransactions;
  /** Most events in one pending range: an applier takes at least one whole range per transaction. */
  private final int maxRange;

  EventInbox(JdbcClient jdbc, DataSource dataSource, SqlDialect dialect, PostgresEventStatements postgres,
      EventSequences sequences, PlatformTransactionManager transactions, EventsProperties properties) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.postgres = postgres;
    this.sequences = sequences;
    this.transaction = InboxTransactions.of(transactions, dialect);
    this.outsideTransactions = InboxTransactions.outside(transactions);
    this.maxRange = properties.maxBatch();
  }

  @Override
  public List<Appended> append(List<ProductEvent> events, Instant now) {
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
    Map<String, Long> known = anyEventId ? transaction.execute(status -> sequences.knownEventIds(events)) : Map.of();
    var fresh = new FreshEvents(events, known);
    var toStore = fresh.toStore();
    var received = DbTime.toDb(now);
    boolean oneStatement = dialect == SqlDialect.POSTGRESQL
        && toStore.size() <= Math.min(PostgresEventStatements.ONE_STATEMENT, maxRange);
    long first = toStore.isEmpty() ? 0
        : oneStatement ? outsideTransactions.execute(status -> postgres.append(toStore, received))
        : append(toStore, received);
    return fresh.appended(first);
  }

  /**
   * Stores new events under a block of sequence numbers taken outside the storing transaction, listed
   * as pending in ranges of at most {@code max-batch} events; returns the first sequence.
   */
  private long append(List<ProductEvent> events, LocalDateTime received) {
    long first = sequences.allocate(events.size());
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
      ProductEventRows.insert(dialect, dataSource, jdbc, rows);
      INSERT_PENDING.insert(jdbc, pending);
    });
    return first;
  }

  @Override
  public long backlog() {
    return jdbc.sql("SELECT COALESCE(SUM(last_seq - first_seq + 1), 0) FROM product_events_pending")
        .query(Long.class).single();
  }
}
