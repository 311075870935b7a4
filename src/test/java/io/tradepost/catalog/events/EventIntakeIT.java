package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** What a producer of product-update events relies on: validation, batches, idempotency, partial updates. */
@OnH2
class EventIntakeIT {

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  Http http;

  @BeforeEach
  void connect() {
    http = new Http(port);
  }

  static Stream<Arguments> badEvents() {
    return Stream.of(
        Arguments.of("bad JSON", "{\"product_id\":", "MALFORMED_JSON", null),
        Arguments.of("two JSON values", "{\"product_id\":\"a\"} {\"product_id\":\"b\"}", "MALFORMED_JSON", null),
        Arguments.of("not an object", "[1]", "VALIDATION_FAILED", "body"),
        Arguments.of("missing product_id", "{\"price\":1}", "VALIDATION_FAILED", "product_id"),
        Arguments.of("empty product_id", "{\"product_id\":\"\"}", "VALIDATION_FAILED", "product_id"),
        Arguments.of("product_id with a space", "{\"product_id\":\"a b\"}", "VALIDATION_FAILED", "product_id"),
        Arguments.of("65-char product_id", "{\"product_id\":\"" + "x".repeat(65) + "\"}", "VALIDATION_FAILED",
            "product_id"),
        Arguments.of("negative stock", "{\"product_id\":\"v1\",\"stock\":-1}", "VALIDATION_FAILED", "stock"),
        Arguments.of("negative price", "{\"product_id\":\"v1\",\"price\":-0.01}", "VALIDATION_FAILED", "price"),
        Arguments.of("three decimals", "{\"product_id\":\"v1\",\"price\":1.005}", "VALIDATION_FAILED", "price"),
        Arguments.of("price as text", "{\"product_id\":\"v1\",\"price\":\"1.00\"}", "VALIDATION_FAILED", "price"),
        Arguments.of("fractional stock", "{\"product_id\":\"v1\",\"stock\":2.5}", "VALIDATION_FAILED", "stock"),
        Arguments.of("name as number", "{\"product_id\":\"v1\",\"name\":7}", "VALIDATION_FAILED", "name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badEvents")
  void aBadEventIsRefusedAndNothingIsStored(String name, String body, String code, String field) {
    long before = storedEvents();

    var response = http.sendingInvalidRequests().post("/api/v1/events", body);

    assertThat(response.status).as(response.body).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("code").asString()).isEqualTo(code);
    if (field != null) {
      assertThat(response.json().get("errors").findValuesAsString("field")).contains(field);
    }
    assertThat(storedEvents()).isEqualTo(before);
  }

  @Test
  void aFirstEventCreatesTheProductAndLaterOnesChangeOnlyTheFieldsTheyCarry() {
    var id = "ev-" + UUID.randomUUID();
    var first = http.post("/api/v1/events", "{\"product_id\":\"" + id + "\",\"name\":\"Kettle\"}");
    assertThat(first.status).isEqualTo(202);
    assertThat(first.json().get("message").asString()).isEqualTo("Event accepted for processing");
    assertThat(first.json().get("product_id").asString()).isEqualTo(id);
    assertThat(first.json().get("sequence").asLong()).isPositive();
    await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/api/v1/products/" + id).status == 200);
    var created = http.get("/api/v1/products/" + id).json();
    assertThat(created.get("price").decimalValue()).isEqualByComparingTo("0");
    assertThat(created.get("stock").asLong()).isZero();

    http.post("/api/v1/events", "{\"product_id\":\"" + id + "\",\"price\":49.99}");
    http.post("/api/v1/events", "{\"product_id\":\"" + id + "\",\"stock\":100,\"merchant_id\":\"m-7\"}");

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      var product = http.get("/api/v1/products/" + id).json();
      assertThat(product.get("name").asString()).isEqualTo("Kettle");
      assertThat(product.get("price").decimalValue()).isEqualByComparingTo("49.99");
      assertThat(product.get("stock").asLong()).isEqualTo(100);
      assertThat(product.get("merchant_id").asString()).isEqualTo("m-7");
    });
    var trail = http.get("/api/v1/products/" + id + "/events?limit=2").json().get("data");
    assertThat(trail).hasSize(2);
    assertThat(trail.get(0).get("stock").asLong()).isEqualTo(100);
    assertThat(trail.get(0).get("sequence").asLong()).isGreaterThan(trail.get(1).get("sequence").asLong());
  }

  @Test
  void aRepeatedEventIdIsAcceptedOnceAndAppliedOnce() {
    var id = "dup-" + UUID.randomUUID();
    var eventId = "evt-" + UUID.randomUUID();
    var first = http.post("/api/v1/events", event(id, "1.00", 10, eventId));
    var again = http.post("/api/v1/events", event(id, "2.00", 20, eventId));

    assertThat(again.status).isEqualTo(202);
    assertThat(again.json().get("sequence").asLong()).isEqualTo(first.json().get("sequence").asLong());
    assertThat(again.json().get("duplicate").asBoolean()).isTrue();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(http.get("/api/v1/products/" + id).number("stock")).isEqualTo(10L));
    assertThat(jdbc.sql("SELECT COUNT(*) FROM product_events WHERE event_id = ?").param(eventId)
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void aBatchIsAcceptedWholeWithConsecutiveSequences() {
    var id = "batch-" + UUID.randomUUID();
    var body = "[" + event(id, "1.00", 1, null) + "," + event(id, "2.00", 2, null) + ","
        + event(id, "3.00", 3, null) + "]";

    var response = http.post("/api/v1/events/batch", body);

    assertThat(response.status).isEqualTo(202);
    var json = response.json();
    assertThat(json.get("accepted").asInt()).isEqualTo(3);
    assertThat(json.get("last_sequence").asLong() - json.get("first_sequence").asLong()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      var product = http.get("/api/v1/products/" + id).json();
      assertThat(product.get("stock").asLong()).isEqualTo(3);
      assertThat(product.get("price").decimalValue()).isEqualByComparingTo("3.00");
    });
  }

  @Test
  void aRepeatedEventIdInsideOneBatchIsStoredOnce() {
    var id = "batchdup-" + UUID.randomUUID();
    var eventId = "evt-" + UUID.randomUUID();
    var body = "[" + event(id, "1.00", 1, eventId) + "," + event(id, "2.00", 2, null) + ","
        + event(id, "3.00", 3, eventId) + "]";

    var json = http.post("/api/v1/events/batch", body).json();

    assertThat(json.get("accepted").asInt()).isEqualTo(2);
    assertThat(json.get("duplicates").asInt()).isEqualTo(1);
    assertThat(json.get("last_sequence").asLong() - json.get("first_sequence").asLong()).isEqualTo(1);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM product_events WHERE event_id = ?").param(eventId)
        .query(Long.class).single()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(http.get("/api/v1/products/" + id).number("stock")).isEqualTo(2L));
  }

  @Test
  void aBatchWithOneBadEventIsRefusedWholeNamingTheBadItems() {
    long before = storedEvents();
    var id = "batch-" + UUID.randomUUID();
    var body = "[" + event(id, "1.00", 1, null) + ",{\"product_id\":\"" + id + "\",\"stock\":-3},"
        + event(id, "1.001", 1, null) + "]";

    var response = http.sendingInvalidRequests().post("/api/v1/events/batch", body);

    assertThat(response.status).isEqualTo(400);
    assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("[1].stock", "[2].price");
    assertThat(storedEvents()).isEqualTo(before);
  }

  @Test
  void aBatchMayBeNewlineDelimitedJson() {
    var id = "nd-" + UUID.randomUUID();
    var body = event(id, "5.00", 5, null) + "\n" + event(id, "6.00", 6, null) + "\n";
    var request = http.request("/api/v1/events/batch").header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();

    var response = http.send(request, body);

    assertThat(response.status).isEqualTo(202);
    assertThat(response.json().get("accepted").asInt()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(http.get("/api/v1/products/" + id).number("stock")).isEqualTo(6L));
    var broken = http.send(http.request("/api/v1/events/batch").header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString(event(id, "7.00", 7, null) + "\n{oops\n")).build());
    assertThat(broken.status).isEqualTo(400);
    assertThat(broken.json().get("errors").findValuesAsString("field")).containsExactly("[1]");
  }

  @Test
  void metricsCountAcceptedAndRejectedEvents() {
    http.post("/api/v1/events", "{\"product_id\":\"m1\",\"stock\":1}");
    http.sendingInvalidRequests().post("/api/v1/events", "{\"product_id\":\"m1\",\"stock\":-1}");

    var metrics = http.get("/metrics").body;

    assertThat(metrics).contains("tradepost_events_accepted_total", "tradepost_events_rejected_total{reason=\"invalid\"}",
        "tradepost_events_backlog", "tradepost_events_apply_lag_seconds");
  }

  static String event(String productId, String price, long stock, String eventId) {
    return "{\"product_id\":\"" + productId + "\",\"price\":" + price + ",\"stock\":" + stock
        + (eventId == null ? "" : ",\"event_id\":\"" + eventId + "\"") + "}";
  }

  private long storedEvents() {
    return jdbc.sql("SELECT COUNT(*) FROM product_events").query(Long.class).single();
  }

  static JsonNode product(Http http, String id) {
    return http.get("/api/v1/products/" + id).json();
  }
}
