package io.tradepost.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.TradepostApplication;
import io.tradepost.platform.SqlDialect;
import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;
import java.time.Duration;
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
    var db = TestDatabase.POSTGRESQL;
    Flyway.configure().dataSource(db.url, db.user, db.password).cleanDisabled(false)
        .placeholders(SqlDialect.POSTGRESQL.placeholders()).load().clean();
    upstreams.reset();
    upstreams.posts(okJson(Upstreams.Json.write(Upstreams.posts())).withFixedDelay(100));

    instances.add(start(db));
    instances.add(start(db));
    var jdbc = instances.get(0).getBean(JdbcClient.class);

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
