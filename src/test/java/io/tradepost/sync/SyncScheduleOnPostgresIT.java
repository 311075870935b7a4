package io.tradepost.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.TradepostApplication;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.SqlDialect;
import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two instances on one PostgreSQL database: each scheduled slot's run happens once, not twice. */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class SyncScheduleOnPostgresIT {

  static final Upstreams upstreams = new Upstreams();
  final List<ConfigurableApplicationContext> instances = new ArrayList<>();

  @AfterEach
  void stop() {
    instances.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void twoInstancesOnOneDatabaseRunEachScheduledSyncOnce() {
    var jdbc = startTwoInstances();

    await().atMost(Duration.ofSeconds(40)).until(() -> scheduled(jdbc).stream()
        .filter(r -> r.status().equals("SUCCEEDED")).count() >= 3);

    // Every slot is taken by one instance: one row per slot (SKIPPED only if the previous run was
    // still going on a slow machine), never one per instance.
    var runs = scheduled(jdbc);
    var starts = runs.stream().map(Run::startedAt).sorted().toList();
    for (int i = 1; i < starts.size(); i++) {
      assertThat(Duration.between(starts.get(i - 1), starts.get(i)))
          .as("scheduled runs started at %s: one per 3 s slot", starts)
          .isGreaterThan(Duration.ofMillis(2000));
    }
    assertThat(runs).allSatisfy(r -> assertThat(r.status()).isIn("SUCCEEDED", "SKIPPED"));
  }

  @Test
  void aTickThatComesAfterItsSlotsRunHasFinishedStartsNoSecondRun() {
    var jdbc = startTwoInstances();
    // A slot far from the schedule's own, ticked by one instance, then, once that run is over, by the
    // other: as an instance paused for longer than the run would.
    var slot = Instant.parse("2030-01-01T00:00:00Z");
    instances.get(0).getBean(SyncSchedule.class).tick("jsonplaceholder", slot);
    await().atMost(Duration.ofSeconds(20)).until(() -> slotRuns(jdbc, slot).equals(List.of("SUCCEEDED")));
    int asked = upstreams.postRequests();

    instances.get(1).getBean(SyncSchedule.class).tick("jsonplaceholder", slot);

    assertThat(slotRuns(jdbc, slot)).as("the slot's runs").containsExactly("SUCCEEDED");
    assertThat(upstreams.postRequests()).as("requests to the source").isEqualTo(asked);
  }

  private JdbcClient startTwoInstances() {
    var db = TestDatabase.POSTGRESQL;
    Flyway.configure().dataSource(db.url, db.user, db.password).cleanDisabled(false)
        .placeholders(SqlDialect.POSTGRESQL.placeholders()).load().clean();
    upstreams.reset();
    upstreams.posts(okJson(Upstreams.Json.write(Upstreams.posts())).withFixedDelay(100));
    instances.add(start(db));
    instances.add(start(db));
    return instances.get(0).getBean(JdbcClient.class);
  }

  private static List<String> slotRuns(JdbcClient jdbc, Instant slot) {
    return jdbc.sql("SELECT status FROM sync_runs WHERE slot_at = ?").param(DbTime.toDb(slot))
        .query(String.class).list();
  }

  record Run(String source, String status, LocalDateTime startedAt) {}

  private static List<Run> scheduled(JdbcClient jdbc) {
    return jdbc.sql("SELECT source, status, started_at FROM sync_runs WHERE run_trigger = 'SCHEDULED' AND status <> 'RUNNING'")
        .query((rs, n) -> new Run(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDateTime.class))).list();
  }

  private static ConfigurableApplicationContext start(TestDatabase db) {
    var url = upstreams.url();
    Map<String, Object> properties = Map.ofEntries(
        Map.entry("server.port", "0"),
        Map.entry("server.address", "127.0.0.1"),
        Map.entry("tradepost.db.url", db.url),
        Map.entry("tradepost.db.user", db.user),
        Map.entry("tradepost.db.password", db.password),
        Map.entry("tradepost.sync.interval", "3s"),
        Map.entry("tradepost.sync.on-start", "false"),
        Map.entry("tradepost.sync.sources.jsonplaceholder.base-url", url),
        Map.entry("tradepost.sync.sources.pokeapi.enabled", "false"),
        Map.entry("tradepost.sync.sources.openweather.base-url", url),
        Map.entry("logging.level.io.tradepost.access", "WARN"));
    // Command-line arguments: they outrank application.yml (PORT) and the test's own properties.
    var args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    return TradepostApplication.application(TradepostApplication.class).run(args);
  }
}
