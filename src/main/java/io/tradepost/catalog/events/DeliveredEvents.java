package io.tradepost.catalog.events;

import io.tradepost.catalog.cache.ProductReadCache;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.Placeholders;
import io.tradepost.platform.SqlDialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Events delivered by the Kafka topic, applied in one transaction per delivered batch: each is stored
 * in {@code product_events} (the audit trail, and the record that it was applied) and written to its
 * product by {@link ProductUpdates}, as the inbox's appliers do. An event whose sequence is stored
 * already was applied before a redelivery and is skipped; one whose event_id is stored already (or
 * comes earlier in the batch) is a duplicate and is dropped. Built by {@link KafkaTransportConfig}.
 */
class DeliveredEvents {

  private static final int IN_LIST = 1000;

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final TransactionTemplate transaction;
  private final EventSequences sequences;
  private final ProductUpdates updates;
  private final ProductReadCache cache;

  DeliveredEvents(JdbcClient jdbc, DataSource dataSource, SqlDialect dialect, PlatformTransactionManager transactions,
      EventSequences sequences, ProductUpdates updates, ProductReadCache cache) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.transaction = InboxTransactions.of(transactions, dialect);
    this.sequences = sequences;
    this.updates = updates;
    this.cache = cache;
  }

  /** Stores and applies the messages not applied before; see {@link ProductUpdates#apply} for {@code isolating}. */
  ProductUpdates.Applied apply(List<KafkaEventTopic.Message> delivered, Instant now, boolean isolating) {
    var bySequence = new ArrayList<>(delivered);
    bySequence.sort(Comparator.comparingLong(KafkaEventTopic.Message::seq));
    return transaction.execute(status -> {
      var stored = storedSequences(bySequence);
      var known = sequences.known(bySequence.stream().map(KafkaEventTopic.Message::eventId).toList());
      var seen = new HashSet<String>(known.keySet());
      var fresh = new ArrayList<KafkaEventTopic.Message>();
      long last = -1;
      for (var m : bySequence) {
        if (m.seq() != last && !stored.contains(m.seq()) && (m.eventId() == null || seen.add(m.eventId()))) {
          fresh.add(m);
        }
        last = m.seq();
      }
      if (fresh.isEmpty()) {
        return ProductUpdates.Applied.NOTHING;
      }
      ProductEventRows.insert(dialect, dataSource, jdbc, fresh.stream()
          .map(m -> new Object[] {m.seq(), m.productId(), m.eventId(), m.name(), m.merchantId(), m.price(), m.stock(),
              DbTime.toDb(m.receivedAt())})
          .toList());
      cache.changed(fresh.stream().map(KafkaEventTopic.Message::productId).collect(Collectors.toSet()));
      return updates.apply(fresh.stream().map(KafkaEventTopic.Message::toInboxEvent).toList(), DbTime.toDb(now),
          status, isolating);
    });
  }

  private Set<Long> storedSequences(List<KafkaEventTopic.Message> messages) {
    var seqs = messages.stream().map(KafkaEventTopic.Message::seq).distinct().toList();
    var stored = new HashSet<Long>();
    for (int from = 0; from < seqs.size(); from += IN_LIST) {
      var chunk = seqs.subList(from, Math.min(seqs.size(), from + IN_LIST));
      stored.addAll(jdbc.sql("SELECT seq FROM product_events WHERE seq IN (" + Placeholders.of(chunk.size()) + ")")
          .params(new ArrayList<Object>(chunk))
          .query(Long.class)
          .list());
    }
    return stored;
  }
}
