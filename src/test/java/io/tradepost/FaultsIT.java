package io.tradepost;

import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.RedisAvailable;
import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.ServiceProcess;
import io.tradepost.support.TcpProxy;
import io.tradepost.support.TestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged jar on PostgreSQL and Redis, each behind a {@link TcpProxy} of the test's own, so that a
 * dependency can be cut or frozen without touching the machine's servers. One jar serves every
 * scenario; the timeouts are short so the suite stays short.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
@ExtendWith(RedisAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsIT {

  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);

  private String databaseUrl;
  private TcpProxy database;
  private TcpProxy redis;
  private ServiceProcess service;
  private Http http;

  @BeforeAll
  void startTheJarBehindProxies() throws Exception {
    // Under target/, so that the service's log is there to read after a failure.
    var workDir = Files.createDirectories(Path.of("target", "faults-it"));
    databaseUrl = TestDatabase.POSTGRESQL.freshDatabase("faults");
    var uri = URI.create(databaseUrl.substring("jdbc:".length()));
    database = TcpProxy.to(uri.getHost(), uri.getPort());
    redis = TcpProxy.to("127.0.0.1", 6379);
    service = ServiceProcess.start(workDir, Map.ofEntries(
        Map.entry("TRADEPOST_DB_URL", "jdbc:postgresql://127.0.0.1:" + database.port() + uri.getPath()),
        Map.entry("TRADEPOST_DB_USER", TestDatabase.POSTGRESQL.user),
        Map.entry("TRADEPOST_DB_PASSWORD", TestDatabase.POSTGRESQL.password),
        Map.entry("TRADEPOST_DB_SOCKETTIMEOUT", SOCKET_TIMEOUT.toSeconds() + "s"),
        Map.entry("TRADEPOST_DB_STATEMENTTIMEOUT", "4s"),
        Map.entry("SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT", "3000"),
        Map.entry("SPRING_DATASOURCE_HIKARI_VALIDATIONTIMEOUT", "1000"),
        Map.entry("TRADEPOST_JOBS_WATCHINTERVAL", "1s"),
        Map.entry("TRADEPOST_CACHE", "redis"),
        Map.entry("SPRING_DATA_REDIS_HOST", "127.0.0.1"),
        Map.entry("SPRING_DATA_REDIS_PORT", Integer.toString(redis.port())),
        Map.entry("TRADEPOST_SYNC_ONSTART", "false"),
        // C1 only and one GC thread: a much faster start on a busy 2-core CI machine.
        Map.entry("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")));
    http = new Http(service.port);
    assertThat(http.put("/api/v1/products/steady", product("Steady", "m-1", "1.00", 1_000_000)).status).isEqualTo(201);
  }

  @AfterAll
  void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    if (database != null) {
      database.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void aDatabaseCutOf30SecondsLosesNothingAcknowledgedAndSettlementRunsAfterwards() throws Exception {
    var before = settle();
    var results = new ConcurrentLinkedQueue<Outcome>();
    var loading = new AtomicBoolean(true);
    var load = List.of(
        daemon(() -> {
          for (int i = 0; loading.get(); i++) {
            results.add(Outcome.of("order", http.post("/orders", order("steady", 1, "buyer-" + i))));
          }
        }),
        daemon(() -> {
          for (int i = 0; loading.get(); i++) {
            results.add(Outcome.of("event", http.post("/api/v1/events",
                "{\"product_id\":\"evented-%d\",\"price\":%d.00,\"stock\":5}".formatted(i % 50, 1 + i % 9))));
          }
        }));
    await().atMost(Duration.ofSeconds(10)).until(() -> results.size() >= 20);

    database.cut();
    await().atMost(Duration.ofSeconds(15)).until(() -> readiness() == 503);
    // The rest of the 30 s outage: readiness stays DOWN throughout.
    await().during(Duration.ofSeconds(25)).atMost(Duration.ofSeconds(30)).until(() -> readiness() == 503);
    var duringCut = results.stream().filter(o -> o.status == 503).count();
    database.restore();

    await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 200);
    var after = settle();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(jobStatus(before)).isEqualTo("COMPLETED");
      assertThat(jobStatus(after)).isEqualTo("COMPLETED");
    });
    var settled = results.size();
    await().atMost(Duration.ofSeconds(10)).until(() -> results.size() >= settled + 20);
    loading.set(false);
    load.forEach(FaultsIT::join);

    assertThat(duringCut).as("requests refused during the cut").isPositive();
    assertThat(results).allSatisfy(o -> {
      assertThat(o.status).as(o.toString()).isIn(201, 202, 503);
      if (o.status == 503) {
        assertThat(o.retryAfter).as(o.toString()).isNotNull();
        assertThat(o.body).as(o.toString()).contains("DATABASE_UNAVAILABLE");
      }
    });
    var orders = results.stream().filter(o -> o.status == 201).map(o -> o.id).toList();
    var events = results.stream().filter(o -> o.status == 202).map(o -> o.id).toList();
    assertThat(count("SELECT count(*) FROM orders WHERE id = ANY (?)", orders)).isEqualTo(orders.size());
    assertThat(count("SELECT count(*) FROM product_events WHERE seq = ANY (?::bigint[])", events))
        .isEqualTo(events.size());
  }

  @Test
  void aFrozenDatabaseAnswers503WithinTheTimeoutAndRecovers() {
    assertThat(http.post("/orders", order("steady", 1, "before-freeze")).status).isEqualTo(201);

    database.freeze();
    try {
      long start = System.nanoTime();
      var refused = http.post("/orders", order("steady", 1, "during-freeze"));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(refused.status).as(refused.toString()).isEqualTo(503);
      assertThat(refused.header("Retry-After")).isNotNull();
      // A pool wait, a connection check and a statement on a silent connection are each bounded; on a
      // loaded machine they added up to 14 s (twice, socket timeout 5 s; not yet explained in detail).
      assertThat(millis).as("answered within the bounded waits").isLessThan(SOCKET_TIMEOUT.toMillis() * 4);
      assertThat(http.get("/health").status).isEqualTo(503);
    } finally {
      database.restore();
    }

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(http.post("/orders", order("steady", 1, "after-freeze")).status).isEqualTo(201));
    await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 200);
  }

  @Test
  void aRedisCutLeavesItemsAndProductsAnsweredFromTheDatabaseWithinASecond() {
    assertThat(http.put("/api/v1/products/cached", product("Cached", "m-1", "2.50", 7)).status).isEqualTo(201);
    assertThat(http.get("/api/v1/items?limit=5").status).isEqualTo(200);
    assertThat(http.get("/health").json().get("checks").get("cache").asString()).isEqualTo("healthy");

    redis.cut();
    try {
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        var items = http.get("/api/v1/items?limit=5&offset=" + i);
        var product = http.get("/api/v1/products/cached");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(items.status).as(items.toString()).isEqualTo(200);
        assertThat(product.status).as(product.toString()).isEqualTo(200);
        assertThat(product.json().get("name").asString()).isEqualTo("Cached");
        assertThat(millis).as("both answered within a second").isLessThan(1_000);
      }
      var health = http.get("/health");
      assertThat(health.status).isEqualTo(200);
      assertThat(health.json().get("status").asString()).isEqualTo("healthy");
      assertThat(health.json().get("checks").get("cache").asString()).isEqualTo("degraded");
      assertThat(readiness()).isEqualTo(200);
    } finally {
      redis.restore();
    }
    await().atMost(Duration.ofSeconds(30)).until(() ->
        "healthy".equals(http.get("/health").json().get("checks").get("cache").asString()));
  }

  private record Outcome(String kind, int status, String id, String retryAfter, String body) {
    static Outcome of(String kind, Http.Response response) {
      String id = null;
      if (response.status == 201) {
        id = response.json().get("id").asString();
      } else if (response.status == 202) {
        id = response.json().get("sequence").asString();
      }
      return new Outcome(kind, response.status, id, response.header("Retry-After"), response.body);
    }
  }

  private int readiness() {
    return http.get("/actuator/health/readiness").status;
  }

  private String settle() {
    var today = LocalDate.now(ZoneOffset.UTC);
    var submitted = http.post("/jobs/settlement",
        "{\"from\":\"%s\",\"to\":\"%s\"}".formatted(today.minusDays(2), today));
    assertThat(submitted.status).as(submitted.toString()).isEqualTo(202);
    return submitted.json().get("job_id").asString();
  }

  private String jobStatus(String id) {
    return http.get("/jobs/" + id).json().get("status").asString();
  }

  /** Straight to the database, not through the proxy or the service. */
  private long count(String sql, List<String> ids) throws Exception {
    var db = TestDatabase.POSTGRESQL;
    try (var connection = DriverManager.getConnection(databaseUrl, db.user, db.password);
        var statement = connection.prepareStatement(sql)) {
      statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
      try (var rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** A database of this suite's own on the test server, empty at each run. */

  private static Thread daemon(Runnable task) {
    var thread = new Thread(task);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void join(Thread thread) {
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
