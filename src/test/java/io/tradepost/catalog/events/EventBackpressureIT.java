package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Overload is answered honestly: 503 + Retry-After, nothing acknowledged is lost, recovery is immediate.
 * With the inbox transport here, with Kafka in {@link EventBackpressureOnKafkaIT}.
 */
@OnH2
@TestPropertySource(properties = {
    "tradepost.events.queue-size=2", "tradepost.events.backlog-limit=50", "tradepost.events.appliers=1",
    "tradepost.events.max-batch=5", "tradepost.events.backlog-refresh=100ms"})
class EventBackpressureIT {

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Test
  void aBurstOverTheLimitsGets503sAndEveryAcknowledgedEventIsApplied() throws Exception {
    var http = new Http(port);
    var products = List.of("bp-" + UUID.randomUUID(), "bp-" + UUID.randomUUID());
    var acknowledged = Collections.synchronizedList(new ArrayList<Long>());
    var refused = Collections.synchronizedList(new ArrayList<Http.Response>());
    var senders = Executors.newFixedThreadPool(48);
    var done = new ArrayList<Future<?>>();
    for (int t = 0; t < 48; t++) {
      int thread = t;
      done.add(senders.submit(() -> {
        for (int i = 0; i < 20; i++) {
          var response = http.post("/api/v1/events",
              "{\"product_id\":\"" + products.get(i % 2) + "\",\"stock\":" + (thread * 100 + i) + "}");
          if (response.status == 202) {
            acknowledged.add(response.json().get("sequence").asLong());
          } else {
            refused.add(response);
          }
        }
      }));
    }
    for (var sender : done) {
      sender.get(60, TimeUnit.SECONDS);
    }
    senders.shutdown();

    assertThat(refused).isNotEmpty().allSatisfy(r -> {
      assertThat(r.status).isEqualTo(503);
      assertThat(r.header("Retry-After")).isNotBlank();
      assertThat(r.json().get("code").asString()).isIn("EVENT_QUEUE_FULL", "EVENT_BACKLOG_FULL");
    });
    assertThat(acknowledged).isNotEmpty();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql("""
            SELECT COUNT(*) FROM product_events e WHERE product_id IN (?, ?)
               AND NOT EXISTS (SELECT 1 FROM product_events_pending p WHERE e.seq BETWEEN p.first_seq AND p.last_seq)""")
        .params(products.get(0), products.get(1)).query(Long.class).single()).isEqualTo(acknowledged.size()));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(http.post("/api/v1/events", "{\"product_id\":\"" + products.get(0) + "\",\"stock\":1}").status)
            .isEqualTo(202));
    assertThat(http.get("/metrics").body).containsPattern("tradepost_events_rejected_total\\{reason=\"(queue|backlog)_full\"}");
  }
}
