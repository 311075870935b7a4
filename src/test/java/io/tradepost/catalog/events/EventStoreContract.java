package io.tradepost.catalog.events;

import static io.tradepost.catalog.events.TestEvents.anEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tradepost.catalog.cache.ReadCaches;
import io.tradepost.support.MigratedDatabase;
import io.tradepost.support.RequiresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The parts of the event store on one real database (a subclass per database), with Flyway and the
 * dialect only: appending to the inbox, claiming and applying pending events, the audit trail and its
 * purge. A statement a database refuses fails here, not behind an HTTP call.
 */
abstract class EventStoreContract {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  MigratedDatabase db;
  EventInbox inbox;
  PendingEvents pending;
  EventAuditTrail trail;

  @BeforeEach
  void parts() {
    db = MigratedDatabase.of(getClass().getAnnotation(RequiresDatabase.class).value());
    var properties = new Binder(List.of()).bindOrCreate("tradepost.events", EventsProperties.class);
    var postgres = new PostgresEventStatements(db.template);
    inbox = new EventInbox(db.jdbc, db.dataSource, db.dialect, postgres,
        new EventSequences(db.jdbc, db.dialect, db.transactions), db.transactions, properties);
    pending = new PendingEvents(db.jdbc, db.template, db.dialect, postgres, db.transactions, properties,
        ReadCaches.ofOneInstance(), new ProductUpdates(db.jdbc, db.template, db.dialect, postgres,
            new DeadLetters(db.jdbc)));
    trail = new EventAuditTrail(db.jdbc, db.dialect, db.transactions);
    applyAll();
  }

  @Test
  void appendedEventsGetConsecutiveSequencesAndARepeatedEventIdKeepsItsFirstSequence() {
    var product = id();
    var eventId = "e-" + product;

    var appended = inbox.append(List.of(anEvent(product).withEventId(eventId).withStock(1).build(),
        anEvent(product).withStock(2).build(), anEvent(product).withEventId(eventId).withStock(3).build()), NOW);
    var again = inbox.append(List.of(anEvent(product).withEventId(eventId).withStock(4).build()), NOW);

    long first = appended.get(0).sequence();
    assertThat(appended).containsExactly(new EventInbox.Appended(first, false),
        new EventInbox.Appended(first + 1, false), new EventInbox.Appended(first, true));
    assertThat(again).containsExactly(new EventInbox.Appended(first, true));
    assertThat(db.jdbc.sql("SELECT COUNT(*) FROM product_events WHERE product_id = ?").param(product)
        .query(Long.class).single()).isEqualTo(2);
    assertThat(inbox.backlog()).isEqualTo(2);
  }

  @Test
  void aLargeAppendIsStoredWholeAndAppliedInBatchesOfWholeRanges() {
    var products = IntStream.range(0, 1500).mapToObj(i -> id()).toList();

    var appended = inbox.append(products.stream().map(p -> anEvent(p).withStock(7).build()).toList(), NOW);

    assertThat(appended).extracting(EventInbox.Appended::sequence)
        .containsExactlyElementsOf(consecutive(appended.get(0).sequence(), 1500));
    assertThat(inbox.backlog()).isEqualTo(1500);
    var first = pending.applyNext(1000, NOW, false);
    assertThat(first.events()).as("one whole pending range of max-batch events").isEqualTo(1000);
    assertThat(applyAll()).isEqualTo(500);
    assertThat(db.jdbc.sql("SELECT COUNT(*) FROM products WHERE stock = 7 AND id IN (?, ?, ?)")
        .params(products.get(0), products.get(999), products.get(1499)).query(Long.class).single()).isEqualTo(3);
  }

  @Test
  void eachFieldOfAProductComesFromTheNewestEventThatCarriedIt() {
    var product = id();
    var created = id();
    inbox.append(List.of(anEvent(product).withName("Lamp").withMerchant("m1").withPrice(1000).withStock(5).build()), NOW);
    applyAll();
    inbox.append(List.of(anEvent(product).withPrice(1200).build(), anEvent(created).withName("New").build()), NOW);
    var last = inbox.append(List.of(anEvent(product).withName("Desk lamp").build()), NOW).get(0).sequence();

    applyAll();

    assertThat(product(product)).isEqualTo(new Row("Desk lamp", "m1", 1200, 5, last));
    assertThat(product(created)).as("a first event creates the product; absent price and stock are 0")
        .isEqualTo(new Row("New", null, 0, 0, last - 1));
  }

  @Test
  void theTrailShowsWhenEventsWereAppliedAndThePurgeTakesAppliedEventsOnly() {
    var applied = id();
    var waiting = id();
    inbox.append(List.of(anEvent(applied).withStock(1).build(), anEvent(applied).withStock(2).build()), NOW);
    applyAll();
    inbox.append(List.of(anEvent(waiting).withStock(3).build()), NOW);

    assertThat(trail.recent(applied, 10)).extracting(EventAuditTrail.Recorded::stock, EventAuditTrail.Recorded::appliedAt)
        .containsExactly(tuple(2L, NOW.plusSeconds(1)), tuple(1L, NOW.plusSeconds(1)));

    assertThat(trail.purgeApplied(NOW.plus(Duration.ofHours(1)), 10_000)).isPositive();

    assertThat(trail.recent(applied, 10)).isEmpty();
    assertThat(trail.recent(waiting, 10)).singleElement()
        .satisfies(recorded -> assertThat(recorded.appliedAt()).as("not applied yet").isNull());
    assertThat(inbox.backlog()).isEqualTo(1);
  }

  /** Applies every pending event, as applied one second after {@link #NOW}; returns how many there were. */
  int applyAll() {
    int events = 0;
    for (var batch = pending.applyNext(1000, NOW.plusSeconds(1), false); batch.events() > 0;
        batch = pending.applyNext(1000, NOW.plusSeconds(1), false)) {
      events += batch.events();
    }
    return events;
  }

  record Row(String name, String merchantId, long price, long stock, long lastEventSeq) {}

  Row product(String id) {
    return db.jdbc.sql("SELECT name, merchant_id, price, stock, last_event_seq FROM products WHERE id = ?")
        .param(id)
        .query((rs, row) -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
        .single();
  }

  static List<Long> consecutive(long first, int count) {
    var sequences = new ArrayList<Long>(count);
    for (int i = 0; i < count; i++) {
      sequences.add(first + i);
    }
    return sequences;
  }

  static String id() {
    return "p-" + UUID.randomUUID().toString().substring(0, 13);
  }
}
