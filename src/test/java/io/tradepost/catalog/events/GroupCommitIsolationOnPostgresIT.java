package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.OnPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Single events of many clients are saved together, in one group commit. An event the database
 * refuses to store fails alone: the others of its group are saved and answered 202.
 */
@OnPostgres
class GroupCommitIsolationOnPostgresIT {

  static final int CLIENTS = 300;

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Test
  void anEventTheDatabaseRefusesFailsAloneAndTheOtherEventsOfItsGroupAreSaved() {
    var http = new Http(port);
    var prefix = "gc-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    // Passes the input checks, fails at the insert: what a value the inbox cannot store does.
    jdbc.sql("ALTER TABLE product_events ADD CONSTRAINT no_refused CHECK (name IS NULL OR name <> 'refused')").update();
    try {
      var valid = new ArrayList<CompletableFuture<Http.Response>>();
      var refused = new ArrayList<CompletableFuture<Http.Response>>();
      for (int i = 0; i < CLIENTS; i++) {
        if (i % 50 == 25) {
          refused.add(http.postAsync("/api/v1/events", "{\"product_id\":\"" + prefix + "bad\",\"name\":\"refused\"}"));
        } else {
          valid.add(http.postAsync("/api/v1/events", "{\"product_id\":\"" + prefix + i + "\",\"stock\":" + i + "}"));
        }
      }

      for (var response : valid) {
        assertThat(response.join().status).as(response.join().body).isEqualTo(202);
      }
      for (var response : refused) {
        var answer = response.join();
        assertThat(answer.status).as(answer.body).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asString()).isEqualTo("VALIDATION_FAILED");
      }
      assertThat(jdbc.sql("SELECT COUNT(*) FROM product_events WHERE product_id LIKE ?").param(prefix + "%")
          .query(Long.class).single()).isEqualTo(valid.size());
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(http.get("/api/v1/products/" + prefix + "1").number("stock")).isEqualTo(1L));

      var batch = http.post("/api/v1/events/batch",
          "[{\"product_id\":\"" + prefix + "b1\"},{\"product_id\":\"" + prefix + "b2\",\"name\":\"refused\"}]");
      assertThat(batch.status).as(batch.body).isEqualTo(400);
      assertThat(batch.json().get("code").asString()).isEqualTo("VALIDATION_FAILED");
    } finally {
      jdbc.sql("ALTER TABLE product_events DROP CONSTRAINT no_refused").update();
    }
  }
}
