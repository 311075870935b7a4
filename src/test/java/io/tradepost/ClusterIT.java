package io.tradepost;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tradepost.support.Http;
import io.tradepost.support.RedisAvailable;
import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.ServiceProcess;
import io.tradepost.support.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Three packaged jars on one PostgreSQL database and one Redis, the shape of {@code compose.yaml}:
 * what a client sees must not depend on which instance answers, and losing an instance under load
 * loses nothing it acknowledged. The instances start once for every scenario; the last scenario kills
 * the third with {@code kill -9}.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
@ExtendWith(RedisAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  static final Duration SYNC_INTERVAL = Duration.ofSeconds(4);
  static final String POSTS = """
      [{"userId":1,"id":1,"title":"sunt aut facere","body":"quia et suscipit"},
       {"userId":1,"id":2,"title":"qui est esse","body":"est rerum tempore"},
       {"userId":2,"id":3,"title":"ea molestias","body":"et iusto sed quo iure"}]""";

  private final List<ServiceProcess> instances = new ArrayList<>();
  private final List<Http> http = new ArrayList<>();
  private final WireMockServer upstream = new WireMockServer(WireMockConfiguration.options()
      .bindAddress("127.0.0.1").dynamicPort());
  private JdbcClient jdbc;

  @BeforeAll
  void startThreeInstances() throws Exception {
    upstream.start();
    upstream.stubFor(get(urlPathEqualTo("/posts")).willReturn(okJson(POSTS)));
    var url = TestDatabase.POSTGRESQL.freshDatabase("cluster");
    jdbc = JdbcClient.create(new DriverManagerDataSource(url, TestDatabase.POSTGRESQL.user,
        TestDatabase.POSTGRESQL.password));
    var env = Map.ofEntries(
        Map.entry("TRADEPOST_DB_URL", url),
        Map.entry("TRADEPOST_DB_USER", TestDatabase.POSTGRESQL.user),
        Map.entry("TRADEPOST_DB_PASSWORD", TestDatabase.POSTGRESQL.password),
        Map.entry("TRADEPOST_CACHE", "redis"),
        Map.entry("SPRING_DATA_REDIS_HOST", "127.0.0.1"),
        Map.entry("TRADEPOST_SYNC_ONSTART", "false"),
        Map.entry("TRADEPOST_SYNC_INTERVAL", SYNC_INTERVAL.toSeconds() + "s"),
        Map.entry("TRADEPOST_SYNC_SOURCES_JSONPLACEHOLDER_BASEURL", upstream.baseUrl()),
        Map.entry("TRADEPOST_SYNC_SOURCES_POKEAPI_ENABLED", "false"),
        // C1 only and one GC thread: a much faster start of three JVMs on a busy 2-core machine.
        Map.entry("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
    // The first instance migrates the database alone; the other two start side by side.
    instances.add(ServiceProcess.start(workDir(1), env));
    var others = IntStream.of(2, 3).mapToObj(n -> CompletableFuture.supplyAsync(() -> start(n, env))).toList();
    others.forEach(o -> instances.add(o.join()));
    instances.forEach(i -> http.add(new Http(i.port)));
  }

  @AfterAll
  void stop() {
    instances.forEach(ServiceProcess::close);
    upstream.stop();
  }

  @Test
  @Order(1)
  void ordersForOneProductOnThreeInstancesNeverOversell() throws Exception {
    assertThat(http.get(0).put("/api/v1/products/scarce", product("Scarce", "m-1", "5.00", 100)).status).isEqualTo(201);

    var statuses = inParallel(300, i -> http.get(i % 3).post("/orders", order("scarce", 1, "buyer-" + i)).status);

    assertThat(statuses.stream().filter(s -> s == 201)).hasSize(100);
    assertThat(statuses.stream().filter(s -> s == 409)).hasSize(200);
    assertThat(jdbc.sql("SELECT stock FROM products WHERE id = 'scarce'").query(Long.class).single()).isZero();
    assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE product_id = 'scarce'").query(Long.class).single())
        .isEqualTo(100);
  }

  @Test
  @Order(2)
  void eventsSentToEveryInstanceEndInTheLastAcknowledgedState() throws Exception {
    var acknowledged = new ConcurrentHashMap<String, long[]>(); // product -> {sequence, cents, stock}
    inParallel(600, i -> {
      var product = "lww-" + (i % 5);
      long cents = 100 + i;
      var answer = http.get(i % 3).post("/api/v1/events",
          "{\"product_id\":\"%s\",\"price\":%d.%02d,\"stock\":%d}".formatted(product, cents / 100, cents % 100, i));
      assertThat(answer.status).as(answer.body).isEqualTo(202);
      long sequence = answer.json().get("sequence").asLong();
      acknowledged.merge(product, new long[] {sequence, cents, i}, (a, b) -> a[0] > b[0] ? a : b);
      return answer.status;
    });

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> acknowledged.forEach((product, last) -> {
      for (var instance : http) {
        var read = instance.get("/api/v1/products/" + product).json();
        assertThat(read.get("price").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(last[1], 2));
        assertThat(read.get("stock").asLong()).isEqualTo(last[2]);
      }
    }));
  }

  @Test
  @Order(3)
  void aProductWrittenOnOneInstanceIsReadOnTheOthersWithinASecond() {
    for (var instance : http) {
      assertThat(instance.put("/api/v1/products/desk", product("Desk", "m-2", "80.00", 10)).status).isIn(200, 201);
      assertThat(instance.get("/api/v1/products/desk").json().get("stock").asLong()).isEqualTo(10);
    }

    assertThat(http.get(0).put("/api/v1/products/desk", product("Desk", "m-2", "79.00", 7)).status).isEqualTo(200);

    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      for (var instance : http.subList(1, 3)) {
        assertThat(instance.get("/api/v1/products/desk").json().get("stock").asLong()).isEqualTo(7);
      }
    });
  }

  @Test
  @Order(4)
  void oneIdempotencyKeyUsedOnTwoInstancesPlacesOneOrder() throws Exception {
    assertThat(http.get(0).put("/api/v1/products/lamp", product("Lamp", "m-3", "12.50", 50)).status).isEqualTo(201);
    var key = "key-" + UUID.randomUUID();
    var body = order("lamp", 2, "buyer-idem");

    var ids = inParallel(6, i -> {
      var answer = new AtomicReference<Http.Response>();
      // A request that finds the other instance's order still being placed is told (409) to retry.
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
        answer.set(http.get(i % 2).post("/orders", body, "Idempotency-Key", key));
        return answer.get().status != 409;
      });
      assertThat(answer.get().status).as(answer.get().body).isEqualTo(201);
      return answer.get().json().get("id").asString();
    });

    assertThat(ids.stream().distinct()).hasSize(1);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE buyer_id = 'buyer-idem'").query(Long.class).single())
        .isEqualTo(1);
    assertThat(jdbc.sql("SELECT stock FROM products WHERE id = 'lamp'").query(Long.class).single()).isEqualTo(48);
  }

  @Test
  @Order(5)
  void aSettlementJobRunsOnceAndItsReportIsTheSameOnEveryInstance() {
    var today = LocalDate.now(ZoneOffset.UTC);
    var submitted = http.get(1).post("/jobs/settlement", "{\"from\":\"%s\",\"to\":\"%s\"}".formatted(today, today));
    assertThat(submitted.status).as(submitted.body).isEqualTo(202);
    var job = submitted.json().get("job_id").asString();

    await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(
        http.get(2).get("/jobs/" + job).json().get("status").asString()));

    var reports = http.stream().map(i -> i.get("/downloads/" + job + ".csv")).toList();
    reports.forEach(r -> assertThat(r.status).as(r.body).isEqualTo(200));
    assertThat(reports.stream().map(r -> r.body).distinct()).hasSize(1);
    var sales = jdbc.sql("SELECT COUNT(*) FROM ledger_transactions").query(Long.class).single();
    long counted = reports.get(0).body.lines().skip(1).mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1)))
        .sum();
    assertThat(counted).as("every sale of the day, counted once").isEqualTo(sales);
    // JobRunr's own history of the job: it was processed by exactly one instance, once.
    var history = jdbc.sql("SELECT jobAsJson FROM jobrunr_jobs").query(String.class).list();
    assertThat(history).hasSize(1);
    assertThat(history.get(0).split("\"state\":\"PROCESSING\"", -1)).hasSize(2);
  }

  @Test
  @Order(6)
  void theScheduledSyncRunsOncePerIntervalAcrossTheCluster() {
    await().atMost(SYNC_INTERVAL.multipliedBy(6)).until(() -> scheduledRuns().size() >= 3);

    var runs = scheduledRuns();
    assertThat(runs).as("every scheduled run at its slot (started within the slot, from 1 s before)")
        .allSatisfy(r -> assertThat(r.startedAt()).isBetween(r.slot().minusSeconds(1), r.slot().plus(SYNC_INTERVAL)));
    assertThat(runs.stream().map(ScheduledRun::slot).toList())
        .as("one run per slot, whichever instance started it").doesNotHaveDuplicates();
    // Only the instance that started a slot's run asked the source (between runs, the two counts agree).
    await().atMost(SYNC_INTERVAL).untilAsserted(() -> assertThat(
        upstream.findAll(getRequestedFor(urlPathEqualTo("/posts"))).size())
        .isEqualTo(jdbc.sql("SELECT SUM(attempts) FROM sync_runs").query(Integer.class).single()));
  }

  @Test
  @Order(7)
  void killingOneInstanceUnderLoadLosesNothingAcknowledgedAndTheOthersCarryOn() throws Exception {
    assertThat(http.get(0).put("/api/v1/products/steady", product("Steady", "m-4", "1.00", 1_000_000)).status)
        .isEqualTo(201);
    var orders = new ConcurrentLinkedQueue<String>();
    var events = new ConcurrentLinkedQueue<String>();
    var afterKill = new AtomicInteger();
    var failuresOnSurvivors = new ConcurrentLinkedQueue<String>();
    var killed = new AtomicBoolean();
    var loading = new AtomicBoolean(true);
    var pool = Executors.newFixedThreadPool(6);
    var load = IntStream.range(0, 6).mapToObj(t -> CompletableFuture.runAsync(() -> {
      for (int i = 0; loading.get(); i++) {
        int target = (t + i) % 3;
        try {
          if (t % 2 == 0) {
            var answer = http.get(target).post("/orders", order("steady", 1, "load-" + t + "-" + i));
            if (answer.status == 201) {
              orders.add(answer.json().get("id").asString());
            } else if (target != 2) {
              failuresOnSurvivors.add(answer.status + " " + answer.body);
            }
          } else {
            var eventId = "kill-" + t + "-" + i;
            var answer = http.get(target).post("/api/v1/events",
                "{\"product_id\":\"kill-%d\",\"stock\":%d,\"event_id\":\"%s\"}".formatted(i % 20, i, eventId));
            if (answer.status == 202) {
              events.add(eventId);
            } else if (target != 2) {
              failuresOnSurvivors.add(answer.status + " " + answer.body);
            }
          }
          if (killed.get() && target != 2) {
            afterKill.incrementAndGet();
          }
        } catch (IllegalStateException refused) {
          if (target != 2 || !killed.get()) {
            failuresOnSurvivors.add(refused.toString());
          }
        }
      }
    }, pool)).toList();

    await().atMost(Duration.ofSeconds(30)).until(() -> orders.size() + events.size() >= 300);
    killed.set(true);
    instances.get(2).process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush
    instances.get(2).process().waitFor();
    await().atMost(Duration.ofSeconds(30)).until(() -> afterKill.get() >= 300);
    loading.set(false);
    load.forEach(CompletableFuture::join);
    pool.shutdown();

    assertThat(failuresOnSurvivors).isEmpty();
    var storedOrders = jdbc.sql("SELECT id FROM orders WHERE product_id = 'steady'").query(String.class).set();
    assertThat(storedOrders).containsAll(orders);
    var storedEvents = jdbc.sql("SELECT event_id FROM product_events WHERE event_id LIKE 'kill-%'")
        .query(String.class).set();
    assertThat(storedEvents).containsAll(events);
    // The survivors apply what the killed instance accepted but had not applied.
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
        "SELECT COUNT(*) FROM product_events_pending").query(Long.class).single() == 0);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM products WHERE id LIKE 'kill-%'").query(Long.class).single())
        .isEqualTo(20);
  }

  record ScheduledRun(java.time.Instant slot, java.time.Instant startedAt) {}

  private List<ScheduledRun> scheduledRuns() {
    return jdbc.sql("SELECT slot_at, started_at FROM sync_runs WHERE run_trigger = 'SCHEDULED' ORDER BY started_at")
        .query((rs, n) -> new ScheduledRun(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant())).list();
  }

  private static <T> List<T> inParallel(int requests, java.util.function.IntFunction<T> request) throws Exception {
    var pool = Executors.newFixedThreadPool(32);
    try {
      var futures = IntStream.range(0, requests).mapToObj(i -> CompletableFuture.supplyAsync(() -> request.apply(i), pool))
          .toList();
      var results = new ArrayList<T>();
      for (var f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  private static ServiceProcess start(int n, Map<String, String> env) {
    try {
      return ServiceProcess.start(workDir(n), new HashMap<>(env));
    } catch (Exception e) {
      throw new IllegalStateException("instance " + n + " did not start", e);
    }
  }

  /** Under target/, so that each instance's log is there to read after a failure. */
  private static Path workDir(int n) throws Exception {
    return Files.createDirectories(Path.of("target", "cluster-it", "instance-" + n));
  }

}
