package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * One identity rule and a queue that a bad event cannot stop: ids that differ only in case are two
 * products, and an event the database refuses to apply is set aside as a dead letter while the events
 * around and after it are applied, without a storm of retries. One subclass per database and transport.
 */
abstract class DeadLettersContract {

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  EventTransport transport;

  @Test
  void idsThatDifferOnlyInCaseAreTwoProductsEvenInOneBatch() {
    var http = new Http(port);
    var suffix = UUID.randomUUID().toString().substring(0, 8);
    double failuresBefore = metric(http, "tradepost_events_apply_failures_total");

    accept(http, "[" + stock("CaseProbe-" + suffix, 1) + "," + stock("caseprobe-" + suffix, 2) + "]");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(http.get("/api/v1/products/CaseProbe-" + suffix).number("stock")).isEqualTo(1L);
      assertThat(http.get("/api/v1/products/caseprobe-" + suffix).number("stock")).isEqualTo(2L);
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> transport.backlog() == 0);
    assertThat(http.get("/api/v1/products/CASEPROBE-" + suffix).status).isEqualTo(404);
    assertThat(metric(http, "tradepost_events_apply_failures_total") - failuresBefore).as("failed applier batches")
        .isZero();
  }

  @Test
  void anEventTheDatabaseRefusesToApplyBecomesADeadLetterAndTheEventsAroundAndAfterItAreApplied() {
    var http = new Http(port);
    var before = id();
    var poisoned = id();
    var after = id();
    double failuresBefore = metric(http, "tradepost_events_apply_failures_total");
    double deadBefore = metric(http, "tradepost_events_dead_total");
    // Passes intake, fails at apply time: what a value the products table cannot take does.
    jdbc.sql("ALTER TABLE products ADD CONSTRAINT no_poison CHECK (name IS NULL OR name <> 'poison')").update();
    try {
      var batch = accept(http, "[" + stock(before, 1) + ",{\"product_id\":\"" + poisoned + "\",\"name\":\"poison\"},"
          + stock(poisoned, 5) + "," + stock(after, 2) + "]");
      long poisonSequence = batch.get("first_sequence").asLong() + 1;

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(http.get("/api/v1/products/" + before).number("stock")).isEqualTo(1L);
        assertThat(http.get("/api/v1/products/" + poisoned).number("stock")).as("the product's next event").isEqualTo(5L);
        assertThat(http.get("/api/v1/products/" + after).number("stock")).isEqualTo(2L);
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> transport.backlog() == 0);
      assertThat(http.get("/api/v1/products/" + poisoned).json().get("name").isNull()).isTrue();

      var dead = http.get("/api/v1/events/dead?limit=5");
      assertThat(dead.status).isEqualTo(200);
      var letter = dead.json().get("data").get(0);
      assertThat(letter.get("sequence").asLong()).isEqualTo(poisonSequence);
      assertThat(letter.get("product_id").asString()).isEqualTo(poisoned);
      assertThat(letter.get("name").asString()).isEqualTo("poison");
      assertThat(letter.get("reason").asString()).containsIgnoringCase("no_poison");
      assertThat(letter.get("received_at").asString()).isNotBlank();
      assertThat(letter.get("failed_at").asString()).isNotBlank();
      assertThat(metric(http, "tradepost_events_dead_total") - deadBefore).isEqualTo(1.0);
      assertThat(metric(http, "tradepost_events_apply_failures_total") - failuresBefore)
          .as("failed applier batches before the event was found").isBetween(1.0, 10.0);

      var later = id();
      accept(http, "[" + stock(later, 7) + "]");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(http.get("/api/v1/products/" + later).number("stock")).isEqualTo(7L));
    } finally {
      jdbc.sql("ALTER TABLE products DROP CONSTRAINT no_poison").update();
    }
  }

  @Test
  void theDeadLetterListRefusesALimitOutOfRange() {
    var response = new Http(port).sendingInvalidRequests().get("/api/v1/events/dead?limit=0");

    assertThat(response.status).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("code").asString()).isEqualTo("VALIDATION_FAILED");
  }

  private static JsonNode accept(Http http, String body) {
    var response = http.post("/api/v1/events/batch", body);
    assertThat(response.status).as(response.body).isEqualTo(202);
    return response.json();
  }

  private static double metric(Http http, String name) {
    var matcher = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(http.get("/metrics").body);
    assertThat(matcher.find()).as(name + " in /metrics").isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  private static String stock(String product, long stock) {
    return "{\"product_id\":\"" + product + "\",\"stock\":" + stock + "}";
  }

  private static String id() {
    return "dl-" + UUID.randomUUID();
  }
}
