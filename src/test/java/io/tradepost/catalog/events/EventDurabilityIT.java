package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.ServiceProcess;
import io.tradepost.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The packaged jar on PostgreSQL, flooded with events by many clients, killed (-9) or stopped
 * (SIGTERM) mid-stream: every event it answered 202 for is stored, and after a restart every
 * product is in the state of its highest-sequence stored event.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class EventDurabilityIT {

  static final Map<String, String> ON_POSTGRES = Map.of(
      "TRADEPOST_DB_URL", TestDatabase.POSTGRESQL.url,
      "TRADEPOST_DB_USER", TestDatabase.POSTGRESQL.user,
      "TRADEPOST_DB_PASSWORD", TestDatabase.POSTGRESQL.password);

  @TempDir
  Path workDir;

  final JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(
      TestDatabase.POSTGRESQL.url, TestDatabase.POSTGRESQL.user, TestDatabase.POSTGRESQL.password));
  final List<String> products = List.of(id(), id(), id(), id(), id(), id(), id(), id());
  final List<Sent> acknowledged = Collections.synchronizedList(new ArrayList<>());
  final AtomicBoolean sending = new AtomicBoolean(true);
  ExecutorService clients;

  record Sent(long sequence, String productId, long stock) {}

  /** The service's environment: PostgreSQL, and the transport under test. */
  Map<String, String> environment() {
    return ON_POSTGRES;
  }

  @AfterEach
  void stopClients() {
    sending.set(false);
    if (clients != null) {
      clients.shutdownNow();
    }
  }

  @Test
  void killedMidStreamItLosesNothingItAcknowledged() throws Exception {
    try (var service = ServiceProcess.start(workDir, environment())) {
      flood(service.port);
      await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 1_000);
      service.process().destroyForcibly();
      assertThat(service.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    stopClients();

    try (var restarted = ServiceProcess.start(workDir, environment())) {
      assertEveryAcknowledgedEventIsStoredAndApplied();
    }
  }

  @Test
  void stoppedMidStreamItExitsWithin30sAndLosesNothingItAcknowledged() throws Exception {
    try (var service = ServiceProcess.start(workDir, environment())) {
      flood(service.port);
      await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 500);
      service.terminate();
      assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).as("exits within 30 s of SIGTERM").isTrue();
    }
    stopClients();

    try (var restarted = ServiceProcess.start(workDir, environment())) {
      assertEveryAcknowledgedEventIsStoredAndApplied();
    }
  }

  private void flood(int port) {
    var http = new Http(port);
    clients = Executors.newFixedThreadPool(16);
    for (int c = 0; c < 16; c++) {
      int client = c;
      clients.submit(() -> {
        for (long i = 0; sending.get(); i++) {
          var product = products.get((int) ((client + i) % products.size()));
          long stock = client * 1_000_000L + i;
          try {
            var response = http.post("/api/v1/events", "{\"product_id\":\"" + product + "\",\"stock\":" + stock + "}");
            if (response.status == 202) {
              acknowledged.add(new Sent(response.json().get("sequence").asLong(), product, stock));
            }
          } catch (IllegalStateException connectionGone) {
            return;
          }
        }
      });
    }
  }

  private void assertEveryAcknowledgedEventIsStoredAndApplied() {
    var marks = String.join(", ", Collections.nCopies(products.size(), "?"));
    await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
            "SELECT COUNT(*) FROM product_events e WHERE product_id IN (" + marks + ") AND EXISTS "
                + "(SELECT 1 FROM product_events_pending p WHERE e.seq BETWEEN p.first_seq AND p.last_seq)")
        .params(new ArrayList<Object>(products)).query(Long.class).single() == 0);

    // With Kafka, an event is stored in product_events as it is applied: until every acknowledged one is
    // there, and nothing more is being applied, look again.
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      Map<Long, Sent> stored = new HashMap<>();
      jdbc.sql("SELECT seq, product_id, stock FROM product_events WHERE product_id IN (" + marks + ")")
          .params(new ArrayList<Object>(products))
          .query((rs, row) -> stored.put(rs.getLong(1), new Sent(rs.getLong(1), rs.getString(2), rs.getLong(3))))
          .list();
      assertThat(acknowledged).isNotEmpty()
          .allSatisfy(sent -> assertThat(stored.get(sent.sequence())).isEqualTo(sent));

      for (var product : products) {
        var newest = stored.values().stream().filter(s -> s.productId().equals(product))
            .max((x, y) -> Long.compare(x.sequence(), y.sequence())).orElseThrow();
        long newestAcknowledged = acknowledged.stream().filter(s -> s.productId().equals(product))
            .mapToLong(Sent::sequence).max().orElse(0);
        assertThat(newest.sequence()).isGreaterThanOrEqualTo(newestAcknowledged);
        assertThat(jdbc.sql("SELECT stock FROM products WHERE id = ?").param(product).query(Long.class).single())
            .as(product).isEqualTo(newest.stock());
      }
    });
  }

  private static String id() {
    return "dur-" + UUID.randomUUID();
  }
}
