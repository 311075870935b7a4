package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * 32 producers updating a few products at once: each product must end in the state of its
 * highest-sequence accepted event, and its {@code last_event_seq} must never go backwards.
 * One subclass per database and applier count.
 */
abstract class EventOrderingContract {

  static final int PRODUCERS = 32;
  static final int EVENTS_EACH = 40;

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  record Sent(long sequence, String productId, long priceCents, long stock, String name) {}

  @Test
  void everyProductEndsInTheStateOfItsHighestSequenceEvent() throws Exception {
    var http = new Http(port);
    var products = List.of(id(), id(), id(), id());
    var acknowledged = Collections.synchronizedList(new ArrayList<Sent>());
    var sending = new AtomicBoolean(true);
    var regressions = Collections.synchronizedList(new ArrayList<String>());
    var watcher = Executors.newSingleThreadExecutor();
    watcher.submit(() -> watchLastEventSeq(products, sending, regressions));

    var producers = Executors.newFixedThreadPool(PRODUCERS);
    var done = new ArrayList<java.util.concurrent.Future<?>>();
    try {
      for (int p = 0; p < PRODUCERS; p++) {
        int producer = p;
        done.add(producers.submit(() -> {
          var random = new Random(producer);
          for (int i = 0; i < EVENTS_EACH; i++) {
            var product = products.get(random.nextInt(products.size()));
            long cents = 100 + random.nextInt(100_000);
            long stock = random.nextInt(1_000);
            var name = "n-" + producer + "-" + i;
            var response = http.post("/api/v1/events", """
                {"product_id":"%s","price":%d.%02d,"stock":%d,"name":"%s"}"""
                .formatted(product, cents / 100, cents % 100, stock, name));
            assertThat(response.status).as(response.body).isEqualTo(202);
            acknowledged.add(new Sent(response.json().get("sequence").asLong(), product, cents, stock, name));
          }
        }));
      }
      for (var producer : done) {
        producer.get(120, TimeUnit.SECONDS);
      }
    } finally {
      producers.shutdownNow();
    }
    assertThat(acknowledged).hasSize(PRODUCERS * EVENTS_EACH);

    Map<String, Sent> last = new HashMap<>();
    for (var sent : acknowledged) {
      last.merge(sent.productId(), sent, (a, b) -> a.sequence() > b.sequence() ? a : b);
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      for (var product : products) {
        var expected = last.get(product);
        var actual = http.get("/api/v1/products/" + product).json();
        assertThat(actual.get("name").asString()).as(product).isEqualTo(expected.name());
        assertThat(actual.get("stock").asLong()).as(product).isEqualTo(expected.stock());
        assertThat(actual.get("price").decimalValue().movePointRight(2).longValueExact()).as(product)
            .isEqualTo(expected.priceCents());
      }
    });
    sending.set(false);
    watcher.shutdown();
    assertThat(watcher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(regressions).isEmpty();
    for (var product : products) {
      assertThat(jdbc.sql("SELECT last_event_seq FROM products WHERE id = ?").param(product).query(Long.class)
          .single()).isEqualTo(last.get(product).sequence());
    }
  }

  @Test
  void aBatchKeepsTextExactlyAndStoresARepeatedEventIdOnce() {
    var http = new Http(port);
    var product = id();
    var eventId = "evt-" + UUID.randomUUID();
    var name = "Tee, \"red\"\nsize M \\ 100% — ünïcode ✓";
    var body = """
        [{"product_id":"%s","event_id":"%s","name":"%s","merchant_id":"m-1","price":1.50,"stock":5},
         {"product_id":"%s","event_id":"%s","name":"ignored","stock":6},
         {"product_id":"%s","price":2.25}]"""
        .formatted(product, eventId, json(name), product, eventId, product);

    var response = http.post("/api/v1/events/batch", body);

    assertThat(response.status).as(response.body).isEqualTo(202);
    assertThat(response.json().get("accepted").asInt()).isEqualTo(2);
    assertThat(response.json().get("duplicates").asInt()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      var actual = http.get("/api/v1/products/" + product).json();
      assertThat(actual.get("name").asString()).isEqualTo(name);
      assertThat(actual.get("merchant_id").asString()).isEqualTo("m-1");
      assertThat(actual.get("stock").asLong()).isEqualTo(5);
      assertThat(actual.get("price").decimalValue()).isEqualByComparingTo("2.25");
    });
    // Sent again once applied (through Kafka, a repeat is recognised at acceptance once the first is applied).
    var again = http.post("/api/v1/events/batch", "[" + body.substring(body.indexOf('{'), body.indexOf('}') + 1) + "]");
    assertThat(again.json().get("duplicates").asInt()).isEqualTo(1);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM product_events WHERE event_id = ?").param(eventId)
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void aLaterEventChangesOnlyTheFieldsItCarries() {
    var http = new Http(port);
    var product = id();
    assertThat(http.post("/api/v1/events", """
        {"product_id":"%s","name":"Mug","merchant_id":"m-2","price":4.00,"stock":9}""".formatted(product)).status)
        .isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/products/" + product).status == 200);

    assertThat(http.post("/api/v1/events", "{\"product_id\":\"%s\",\"price\":4.50}".formatted(product)).status)
        .isEqualTo(202);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      var actual = http.get("/api/v1/products/" + product).json();
      assertThat(actual.get("price").decimalValue()).isEqualByComparingTo("4.50");
      assertThat(actual.get("name").asString()).isEqualTo("Mug");
      assertThat(actual.get("merchant_id").asString()).isEqualTo("m-2");
      assertThat(actual.get("stock").asLong()).isEqualTo(9);
    });
  }

  private static String json(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Samples every product's last_event_seq until the producers are done; records any decrease. */
  private void watchLastEventSeq(List<String> products, AtomicBoolean sending, List<String> regressions) {
    var seen = new ConcurrentHashMap<String, Long>();
    while (sending.get()) {
      for (var product : products) {
        jdbc.sql("SELECT last_event_seq FROM products WHERE id = ?").param(product).query(Long.class).optional()
            .ifPresent(seq -> {
              var before = seen.put(product, seq);
              if (before != null && seq < before) {
                regressions.add(product + ": " + before + " -> " + seq);
              }
            });
      }
    }
  }

  private static String id() {
    return "ord-" + UUID.randomUUID();
  }
}
