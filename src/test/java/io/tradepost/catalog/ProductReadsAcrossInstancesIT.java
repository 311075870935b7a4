package io.tradepost.catalog;

import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.RedisAvailable;
import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.ServiceProcess;
import io.tradepost.support.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two instances of the packaged jar on one PostgreSQL database with {@code TRADEPOST_CACHE=redis}: a
 * product one instance has in memory shows what the other changed within milliseconds, and a change
 * no instance announced (SQL by hand) within the cache's time to live. Redis is never needed to start
 * or to sell.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
@ExtendWith(RedisAvailable.class)
class ProductReadsAcrossInstancesIT {

  static final Duration TTL = Duration.ofSeconds(4);
  static final Map<String, String> SHARED = Map.of(
      "TRADEPOST_DB_URL", TestDatabase.POSTGRESQL.url,
      "TRADEPOST_DB_USER", TestDatabase.POSTGRESQL.user,
      "TRADEPOST_DB_PASSWORD", TestDatabase.POSTGRESQL.password,
      "TRADEPOST_CACHE", "redis",
      "SPRING_DATA_REDIS_HOST", "127.0.0.1",
      "TRADEPOST_CATALOG_READ_CACHE_TTL", TTL.toSeconds() + "s",
      "TRADEPOST_SYNC_ON_START", "false");

  static ServiceProcess a;
  static ServiceProcess b;

  final JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(
      TestDatabase.POSTGRESQL.url, TestDatabase.POSTGRESQL.user, TestDatabase.POSTGRESQL.password));
  Http reader;
  Http writer;
  String id;

  @BeforeAll
  static void twoInstances() throws Exception {
    a = ServiceProcess.start(Files.createTempDirectory("tradepost-a"), SHARED);
    b = ServiceProcess.start(Files.createTempDirectory("tradepost-b"), SHARED);
  }

  @AfterAll
  static void stop() {
    for (var service : new ServiceProcess[] {a, b}) {
      if (service != null) {
        service.close();
      }
    }
  }

  @BeforeEach
  void aProductTheReaderHasInMemory() {
    reader = new Http(a.port);
    writer = new Http(b.port);
    id = "across-" + UUID.randomUUID();
    assertThat(writer.put("/api/v1/products/" + id, product("Desk", "m1", "80.00", 10))
        .status).isEqualTo(201);
    assertThat(stock(reader)).isEqualTo(10);
  }

  @Test
  void anOrderTakenByOneInstanceShowsOnTheOtherAtOnce() {
    var placed = writer.post("/orders", order(id, 4, "b1"));
    assertThat(placed.status).as(placed.body).isEqualTo(201);

    // Well within the time to live: the writer told the reader.
    await().atMost(TTL.dividedBy(2)).pollInterval(Duration.ofMillis(50)).until(() -> stock(reader) == 6);
  }

  @Test
  void aChangeNoInstanceAnnouncedShowsWithinTheTimeToLive() {
    jdbc.sql("UPDATE products SET stock = 99 WHERE id = ?").param(id).update();

    await().atMost(TTL.plusSeconds(2)).pollInterval(Duration.ofMillis(200)).until(() -> stock(reader) == 99);
  }

  @Test
  void anInstanceStartsAndSellsWhileRedisIsDown() throws Exception {
    var env = new HashMap<>(SHARED);
    env.put("SPRING_DATA_REDIS_PORT", Integer.toString(closedPort()));
    try (var alone = ServiceProcess.start(Files.createTempDirectory("tradepost-c"), env)) {
      var http = new Http(alone.port);

      var placed = http.post("/orders", order(id, 2, "b2"));

      assertThat(placed.status).as(placed.body).isEqualTo(201);
      assertThat(stock(http)).isEqualTo(8);
    }
  }

  private static int closedPort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private long stock(Http http) {
    var read = http.get("/api/v1/products/" + id);
    assertThat(read.status).as(read.body).isEqualTo(200);
    return read.json().get("stock").asLong();
  }
}
