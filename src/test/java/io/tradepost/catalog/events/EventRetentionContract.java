package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The unapplied-events queue and the retention purge: an applied event leaves the queue and shows
 * when it was applied; the purge takes old applied events from the low end of the sequence and
 * never one that is still waiting to be applied. One subclass per database.
 */
abstract class EventRetentionContract {

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  EventInbox inbox;

  @Autowired
  EventAuditTrail trail;

  @Autowired
  EventAppliers appliers;

  @Test
  void anAppliedEventLeavesTheQueueAndItsTrailShowsWhenItWasApplied() {
    var http = new Http(port);
    var product = id();

    var batch = accept(http, "[" + event(product, 1) + "," + event(product, 2) + "]");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(http.get("/api/v1/products/" + product).number("stock")).isEqualTo(2L));
    for (var recorded : trail(http, product)) {
      assertThat(Instant.parse(recorded.get("applied_at").asString()))
          .isAfterOrEqualTo(Instant.parse(recorded.get("received_at").asString()));
    }
    assertThat(pendingBetween(batch.get("first_sequence").asLong(), batch.get("last_sequence").asLong())).isZero();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(http.get("/metrics").body).containsPattern("(?m)^tradepost_events_backlog 0\\.0$"));
  }

  @Test
  void thePurgeTakesOldAppliedEventsFromTheLowEndAndStopsAtAWaitingOne() {
    var http = new Http(port);
    var applied = id();
    var waiting = id();
    accept(http, "[" + event(applied, 1) + "," + event(applied, 2) + "]");
    await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/products/" + applied).status == 200);
    await().atMost(Duration.ofSeconds(10)).until(() -> inbox.backlog() == 0);

    appliers.stop();
    try {
      accept(http, "[" + event(waiting, 3) + "]");
      var later = id();
      accept(http, "[" + event(later, 4) + "]");

      // Everything is past a retention that ended in an hour; only the applied events go.
      assertThat(trail.purgeApplied(Instant.now().plus(Duration.ofHours(1)), 10_000)).isPositive();
      assertThat(trail(http, applied)).isEmpty();
      assertThat(http.get("/api/v1/products/" + applied).status).isEqualTo(200);
      assertThat(trail(http, waiting)).hasSize(1);
      assertThat(trail(http, waiting).get(0).get("applied_at").isNull()).as("not applied yet").isTrue();
      assertThat(trail(http, later)).hasSize(1);
      assertThat(jdbc.sql("SELECT COUNT(*) FROM product_events_applied WHERE last_seq < (SELECT MIN(seq) FROM product_events)")
          .query(Long.class).single()).as("applied ranges of purged events").isZero();
    } finally {
      appliers.start();
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(http.get("/api/v1/products/" + waiting).number("stock")).isEqualTo(3L));
  }

  @Test
  void thePurgeKeepsEventsReceivedWithinTheRetention() {
    var http = new Http(port);
    var older = id();
    var newer = id();
    accept(http, "[" + event(older, 1) + "]");
    accept(http, "[" + event(newer, 2) + "]");
    await().atMost(Duration.ofSeconds(10)).until(() -> inbox.backlog() == 0);
    var newerReceived = Instant.parse(trail(http, newer).get(0).get("received_at").asString());

    trail.purgeApplied(newerReceived, 10_000);

    assertThat(trail(http, older)).isEmpty();
    assertThat(trail(http, newer)).hasSize(1);
    assertThat(trail(http, newer).get(0).get("applied_at").isNull()).as("still shown as applied").isFalse();
  }

  private static JsonNode accept(Http http, String body) {
    var response = http.post("/api/v1/events/batch", body);
    assertThat(response.status).as(response.body).isEqualTo(202);
    return response.json();
  }

  private static JsonNode trail(Http http, String product) {
    return http.get("/api/v1/products/" + product + "/events").json().get("data");
  }

  private long pendingBetween(long first, long last) {
    return jdbc.sql("SELECT COUNT(*) FROM product_events_pending WHERE first_seq <= ? AND last_seq >= ?")
        .params(last, first).query(Long.class).single();
  }

  private static String event(String product, long stock) {
    return "{\"product_id\":\"" + product + "\",\"stock\":" + stock + "}";
  }

  private static String id() {
    return "ret-" + UUID.randomUUID();
  }
}
