package io.tradepost.catalog.events;

import io.tradepost.platform.Placeholders;
import io.tradepost.platform.SqlDialect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sequence numbers of accepted events ({@code product_event_sequence}), shared by both transports
 * and all instances, so that a later accepted event of a product always has the higher sequence; and
 * the event_ids already stored in {@code product_events}.
 */
@Repository
class EventSequences {

  private static final int IN_LIST = 1000;

  private final JdbcClient jdbc;
  private final SqlDialect dialect;
  private final TransactionTemplate outsideTransactions;

  EventSequences(JdbcClient jdbc, SqlDialect dialect, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.outsideTransactions = InboxTransactions.outside(transactions);
  }

  /**
   * Takes a block of {@code n} sequence numbers with one statement, outside any transaction: the
   * sequence row is locked only for that statement, never for a whole append. Returns the first.
   */
  long allocate(int n) {
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

  /** The sequences of the events' event_ids that are stored already, by event_id. */
  Map<String, Long> knownEventIds(List<ProductEvent> events) {
    return known(events.stream().map(ProductEvent::eventId).toList());
  }

  /** The sequences of those of {@code eventIds} (nulls ignored) that are stored already, by event_id. */
  Map<String, Long> known(List<String> eventIds) {
    var ids = eventIds.stream().filter(id -> id != null).distinct().toList();
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
}
