package io.tradepost.orders;

import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.platform.Caller;
import io.tradepost.platform.DbTime;
import io.tradepost.support.Http;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * An Idempotency-Key stays with its first attempt for as long as that attempt runs, and is freed
 * only when nobody renews its lease any more (one subclass per database). The lease is made short
 * here so that "longer than the lease" takes seconds, not the default 30 s.
 */
@TestPropertySource(properties = "tradepost.orders.idempotency-lease=" + IdempotencyLeaseContract.LEASE_SECONDS + "s")
abstract class IdempotencyLeaseContract {

  static final int LEASE_SECONDS = 3;
  private static final Duration LEASE = Duration.ofSeconds(LEASE_SECONDS);

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  DataSource dataSource;

  @Autowired
  IdempotencyKeys keys;

  Http http;

  @BeforeEach
  void connect() {
    http = new Http(port);
  }

  @Test
  void aFirstAttemptHeldLongerThanTheLeaseAndItsRetriesPlaceOneOrder() throws Exception {
    var productId = newProduct(10);
    var key = "held-" + UUID.randomUUID();
    var body = order(productId, 1, "patient-buyer");

    Http.Response first;
    try (var lock = dataSource.getConnection()) {
      // Another transaction holds the product's row, so the first attempt's batch waits for it.
      holdProduct(lock, productId);
      var firstAttempt = http.postAsync("/orders", body, "Idempotency-Key", key);
      await().atMost(Duration.ofSeconds(10)).until(() -> keyClaimed(key));

      await().during(LEASE.multipliedBy(2)).atMost(LEASE.multipliedBy(4)).pollInterval(Duration.ofMillis(250))
          .until(() -> isInFlight(http.post("/orders", body, "Idempotency-Key", key)));
      assertThat(firstAttempt).isNotDone();

      lock.rollback();
      first = firstAttempt.get(30, TimeUnit.SECONDS);
    }

    assertThat(first.status).isEqualTo(201);
    var replay = http.post("/orders", body, "Idempotency-Key", key);
    assertThat(replay.status).isEqualTo(201);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
    assertThat(ordersOf(productId)).isEqualTo(1);
    assertThat(stockOf(productId)).isEqualTo(9);
  }

  @Test
  void aKeyWhoseAttemptDiedIsFreedOnceItsLeaseRunsOutAndNotBefore() {
    var productId = newProduct(10);
    var key = "orphan-" + UUID.randomUUID();
    var body = order(productId, 2, "returning-buyer");
    // The claim of an instance that died mid-request: nobody will renew its lease.
    var now = DbTime.toDb(DbTime.now(Clock.systemUTC()));
    jdbc.sql("""
            INSERT INTO idempotency_keys (client_id, idem_key, request_hash, holder, created_at, renewed_at)
            VALUES (?, ?, ?, ?, ?, ?)""")
        .params(Caller.LOCAL, key, new PlaceOrder(productId, 2, "returning-buyer").fingerprint(),
            UUID.randomUUID().toString(), now, now)
        .update();

    assertThat(isInFlight(http.post("/orders", body, "Idempotency-Key", key))).isTrue();

    var placed = await().atMost(LEASE.plusSeconds(10)).pollInterval(Duration.ofMillis(250))
        .until(() -> http.post("/orders", body, "Idempotency-Key", key), r -> r.status != 409);
    assertThat(placed.status).isEqualTo(201);
    assertThat(placed.header("Idempotent-Replayed")).isNull();
    var replay = http.post("/orders", body, "Idempotency-Key", key);
    assertThat(replay.status).isEqualTo(201);
    assertThat(replay.json().get("id").asString()).isEqualTo(placed.json().get("id").asString());
    assertThat(ordersOf(productId)).isEqualTo(1);
    assertThat(stockOf(productId)).isEqualTo(8);
  }

  @Test
  void anAttemptWhoseKeyWasTakenOverStoresNothing() throws Exception {
    var productId = newProduct(10);
    var key = "lost-" + UUID.randomUUID();
    var body = order(productId, 1, "slow-buyer");

    Http.Response first;
    try (var lock = dataSource.getConnection()) {
      holdProduct(lock, productId);
      var firstAttempt = http.postAsync("/orders", body, "Idempotency-Key", key);
      await().atMost(Duration.ofSeconds(10)).until(() -> keyClaimed(key));
      // As if its instance had stopped renewing and another instance's retry had taken the key.
      jdbc.sql("UPDATE idempotency_keys SET holder = ? WHERE client_id = ? AND idem_key = ?")
          .params(UUID.randomUUID().toString(), Caller.LOCAL, key)
          .update();

      lock.rollback();
      first = firstAttempt.get(30, TimeUnit.SECONDS);
    }

    assertThat(isInFlight(first)).isTrue();
    assertThat(ordersOf(productId)).isZero();
    assertThat(stockOf(productId)).isEqualTo(10);
  }

  @Test
  void thePurgeDeletesExpiredKeysButNotALeaseStillRenewed() {
    var now = DbTime.now(Clock.systemUTC());
    var dayAndAnHourAgo = now.minus(Duration.ofHours(25));
    var expired = storedKey(dayAndAnHourAgo, dayAndAnHourAgo, 201);
    var stillRunning = storedKey(dayAndAnHourAgo, now, null);
    var recent = storedKey(now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(1)), 201);

    keys.purgeExpired();

    assertThat(jdbc.sql("SELECT idem_key FROM idempotency_keys WHERE idem_key IN (?, ?, ?)")
        .params(expired, stillRunning, recent).query(String.class).list())
        .containsExactlyInAnyOrder(stillRunning, recent);
  }

  private String storedKey(Instant createdAt, Instant renewedAt, Integer status) {
    var key = "purge-" + UUID.randomUUID();
    jdbc.sql("""
            INSERT INTO idempotency_keys (client_id, idem_key, request_hash, response_status, holder, created_at, renewed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)""")
        .params(Caller.LOCAL, key, "0".repeat(64), status, UUID.randomUUID().toString(),
            DbTime.toDb(createdAt), DbTime.toDb(renewedAt))
        .update();
    return key;
  }

  private static void holdProduct(Connection lock, String productId) throws SQLException {
    lock.setAutoCommit(false);
    try (var statement = lock.prepareStatement("SELECT id FROM products WHERE id = ? FOR UPDATE")) {
      statement.setString(1, productId);
      statement.executeQuery().close();
    }
  }

  private boolean keyClaimed(String key) {
    return jdbc.sql("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = ?").param(key).query(Long.class).single() == 1;
  }

  private static boolean isInFlight(Http.Response response) {
    return response.status == 409 && response.json().get("code").asString().equals("IDEMPOTENCY_KEY_IN_FLIGHT");
  }

  private String newProduct(long stock) {
    var id = "p-" + UUID.randomUUID();
    assertThat(http.put("/api/v1/products/" + id, product("Limited edition", "merchant-1", "4.00", stock)).status)
        .isEqualTo(201);
    return id;
  }

  private long ordersOf(String productId) {
    return jdbc.sql("SELECT COUNT(*) FROM orders WHERE product_id = ?").param(productId).query(Long.class).single();
  }

  private long stockOf(String productId) {
    return jdbc.sql("SELECT stock FROM products WHERE id = ?").param(productId).query(Long.class).single();
  }
}
