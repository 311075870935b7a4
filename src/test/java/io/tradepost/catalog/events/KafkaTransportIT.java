package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import io.tradepost.support.OnKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.ObjectMapper;

/** What the Kafka transport adds to the inbox's contract: the audit trail, and redelivery changing nothing. */
@OnH2
@OnKafka
class KafkaTransportIT {

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  KafkaTemplate<String, byte[]> producer;

  @Autowired
  KafkaEventsProperties kafka;

  @Autowired
  ObjectMapper json;

  @Test
  void anAppliedEventIsInTheProductsTrailUnderItsSequenceWithWhenItWasApplied() {
    var http = new Http(port);
    var product = id();
    var accepted = http.post("/api/v1/events", """
        {"product_id":"%s","event_id":"%s","price":3.50}""".formatted(product, "trail-" + product));
    assertThat(accepted.status).isEqualTo(202);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var trail = http.get("/api/v1/products/" + product + "/events").json().get("data");
      assertThat(trail).hasSize(1);
      assertThat(trail.get(0).get("sequence").asLong()).isEqualTo(accepted.json().get("sequence").asLong());
      assertThat(trail.get(0).get("event_id").asString()).isEqualTo("trail-" + product);
      assertThat(Instant.parse(trail.get(0).get("applied_at").asString()))
          .isAfterOrEqualTo(Instant.parse(trail.get(0).get("received_at").asString()));
    });
  }

  @Test
  void aRedeliveredEventChangesNothing() throws Exception {
    var http = new Http(port);
    var product = id();
    long first = http.post("/api/v1/events", "{\"product_id\":\"%s\",\"stock\":1}".formatted(product))
        .json().get("sequence").asLong();
    assertThat(http.post("/api/v1/events", "{\"product_id\":\"%s\",\"stock\":2}".formatted(product)).status)
        .isEqualTo(202);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(http.get("/api/v1/products/" + product).number("stock")).isEqualTo(2L));
    var before = http.get("/api/v1/products/" + product).json();

    // The first event once more, as a redelivery after a crash before the offset commit brings it.
    var again = new KafkaEventTopic.Message(first, product, null, null, null, null, 1L, Instant.now());
    producer.send(kafka.topic(), product, json.writeValueAsBytes(again)).get();
    long next = http.post("/api/v1/events", "{\"product_id\":\"%s\",\"name\":\"after\"}".formatted(product))
        .json().get("sequence").asLong();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(http.get("/api/v1/products/" + product).json().get("name").asString()).isEqualTo("after"));
    var after = http.get("/api/v1/products/" + product).json();
    assertThat(after.get("stock").asLong()).isEqualTo(2L);
    assertThat(after.get("version").asLong()).isEqualTo(before.get("version").asLong() + 1);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM product_events WHERE product_id = ?").param(product)
        .query(Long.class).single()).isEqualTo(3L);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM product_events_dead WHERE product_id = ?").param(product)
        .query(Long.class).single()).as("not set aside either").isZero();
    assertThat(next).isGreaterThan(first);
  }

  private static String id() {
    return "kt-" + UUID.randomUUID();
  }
}
