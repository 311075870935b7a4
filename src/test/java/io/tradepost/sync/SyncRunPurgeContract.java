package io.tradepost.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.SqlDialect;
import io.tradepost.support.TcpProxy;
import java.io.IOException;
import io.tradepost.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The run history's retention against a real database, reached through a TCP proxy of the test's own
 * so the database can be taken away: runs older than 30 days go with their rejects, each source's
 * newest, newest attempted and newest successful run stay, and a purge that meets no database is
 * logged and done at a later interval.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class SyncRunPurgeContract {

  private static final Pattern HOST_PORT = Pattern.compile("//([^/:]+):(\\d+)/");
  private static final SyncProperties PROPERTIES = new Binder(new MapConfigurationPropertySource(Map.of(
      "tradepost.sync.retention", "30d", "tradepost.sync.purge-interval", "200ms")))
      .bindOrCreate("tradepost.sync", SyncProperties.class);

  abstract TestDatabase database();

  JdbcClient direct;
  TcpProxy proxy;
  ThreadPoolTaskScheduler scheduler;
  SyncRunPurge purge;

  @BeforeEach
  void setUp() throws IOException {
    var db = database();
    var flyway = Flyway.configure().dataSource(db.url, db.user, db.password).cleanDisabled(false)
        .placeholders(SqlDialect.valueOf(db.name()).placeholders()).target("4").load();
    flyway.clean();
    flyway.migrate();
    direct = JdbcClient.create(new DriverManagerDataSource(db.url, db.user, db.password));
    var target = HOST_PORT.matcher(db.url);
    assertThat(target.find()).as("host and port in %s", db.url).isTrue();
    proxy = TcpProxy.to(target.group(1), Integer.parseInt(target.group(2)));
    var proxied = new DriverManagerDataSource(
        target.replaceFirst("//127.0.0.1:" + proxy.port() + "/"), db.user, db.password);
    var runs = new SyncRuns(JdbcClient.create(proxied),
        new TransactionTemplate(new DataSourceTransactionManager(proxied)));
    scheduler = new ThreadPoolTaskScheduler();
    scheduler.initialize();
    purge = new SyncRunPurge(runs, scheduler, new SyncConfig().syncLocks(proxied), Clock.systemUTC(), PROPERTIES);
  }

  @AfterEach
  void tearDown() throws IOException {
    purge.destroy();
    scheduler.shutdown();
    proxy.close();
  }

  /** Inserts the history; returns the ids that must stay. */
  private List<Long> history() {
    long j1 = run("jsonplaceholder", "SUCCEEDED", 40);
    reject(j1, 40);
    long j2 = run("jsonplaceholder", "PARTIAL", 35);
    reject(j2, 35);
    long j3 = run("jsonplaceholder", "FAILED", 34);
    long j4 = run("jsonplaceholder", "SKIPPED", 33);
    long p1 = run("pokeapi", "SUCCEEDED", 40);
    reject(p1, 40);
    long p2 = run("pokeapi", "RUNNING", 39);
    long p3 = run("pokeapi", "FAILED", 31);
    long p4 = run("pokeapi", "SUCCEEDED", 1);
    long o1 = run("openweather", "FAILED", 40);
    return List.of(j2, j3, j4, p2, p4, o1);
  }

  @Test
  void oldRunsGoWithTheirRejectsButEachSourcesLatestRunsStay() {
    var kept = history();

    assertThat(purge.purge()).isEqualTo(3);

    assertThat(ids()).containsExactlyElementsOf(kept);
    assertThat(direct.sql("SELECT run_id FROM sync_rejects").query(Long.class).list()).containsExactly(kept.get(0));
    assertThat(purge.purge()).isZero();
  }

  @Test
  void aPurgeThatFindsNoDatabaseIsLoggedAndDoneWhenItIsBack(CapturedOutput output) {
    var kept = history();
    int all = ids().size();
    proxy.cut();

    purge.start();

    await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("Sync run purge failed"));
    assertThat(ids()).hasSize(all);
    proxy.restore();
    await().atMost(Duration.ofSeconds(20)).until(() -> ids().equals(kept));
    await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("Purged 3 sync run(s)"));
  }

  private List<Long> ids() {
    return direct.sql("SELECT id FROM sync_runs ORDER BY id").query(Long.class).list();
  }

  private long run(String source, String status, int daysAgo) {
    var at = DbTime.toDb(Instant.now().minus(Duration.ofDays(daysAgo)));
    var keys = new GeneratedKeyHolder();
    direct.sql("""
            INSERT INTO sync_runs (source, run_trigger, status, running_source, started_at, finished_at, heartbeat_at)
            VALUES (?, 'SCHEDULED', ?, ?, ?, ?, ?)""")
        .params(source, status, status.equals("RUNNING") ? source : null, at,
            status.equals("RUNNING") ? null : at, at)
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  private void reject(long runId, int daysAgo) {
    direct.sql("""
            INSERT INTO sync_rejects (run_id, source, external_id, reason, raw_record, rejected_at)
            VALUES (?, 'any', '1', 'title is missing', '{}', ?)""")
        .params(runId, DbTime.toDb(Instant.now().minus(Duration.ofDays(daysAgo)))).update();
  }
}
