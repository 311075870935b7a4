package io.tradepost.orders;

import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What buyers rely on, checked over HTTP on every supported database (one subclass per database):
 * stock is never oversold, idempotent retries create one order, cancellation gives stock back.
 */
abstract class OrderContract {

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  Http http;

  @BeforeEach
  void connect() {
    http = new Http(port);
  }

  @Test
  void fiveHundredConcurrentBuyersOfAHundredItemsGetExactlyAHundredOrders() {
    var productId = newProduct("19.99", 100);

    var responses = all(IntStream.range(0, 500)
        .mapToObj(i -> http.postAsync("/orders", order(productId, 1, "buyer-" + i)))
        .toList());

    assertThat(responses).filteredOn(r -> r.status == 201).hasSize(100);
    assertThat(responses).filteredOn(r -> r.status == 409).hasSize(400)
        .allSatisfy(r -> assertThat(r.json().get("code").asString()).isEqualTo("OUT_OF_STOCK"));
    assertThat(stockOf(productId)).isZero();
    assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE product_id = ? AND status = 'CONFIRMED'")
        .param(productId).query(Long.class).single()).isEqualTo(100);
    var sales = jdbc.sql("""
            SELECT COUNT(*) AS n, SUM(l.amount) AS amount FROM ledger_transactions l
              JOIN orders o ON o.id = l.order_id WHERE o.product_id = ? AND l.kind = 'SALE'""")
        .param(productId)
        .query((rs, row) -> List.of(rs.getLong("n"), rs.getLong("amount")))
        .single();
    assertThat(sales).containsExactly(100L, 100L * 1999);
  }

  @Test
  void randomConcurrentQuantitiesNeverOversellNorUndersell() {
    long initial = 1_000;
    var productId = newProduct("2.50", initial);
    var random = new Random(7);
    var quantities = IntStream.range(0, 300).mapToObj(i -> 1L + random.nextInt(20)).toList();

    var responses = all(quantities.stream()
        .map(q -> http.postAsync("/api/v1/orders", order(productId, q, "buyer")))
        .toList());

    long sold = 0;
    var refused = new ArrayList<Long>();
    for (int i = 0; i < responses.size(); i++) {
      assertThat(responses.get(i).status).isIn(201, 409);
      if (responses.get(i).status == 201) {
        sold += quantities.get(i);
      } else {
        refused.add(quantities.get(i));
      }
    }
    long remaining = stockOf(productId);
    assertThat(sold + remaining).isEqualTo(initial);
    assertThat(jdbc.sql("SELECT SUM(quantity) FROM orders WHERE product_id = ?").param(productId)
        .query(Long.class).single()).isEqualTo(sold);
    // Stock only falls, so every refusal asked for more than what is left now.
    assertThat(refused).allSatisfy(q -> assertThat(q).isGreaterThan(remaining));
  }

  @Test
  void aProductRestockedAfterSellingOutSellsItsNewStockExactly() {
    var productId = newProduct("3.00", 10);
    for (int round = 1; round <= 3; round++) {
      int r = round;
      var responses = all(IntStream.range(0, 60)
          .mapToObj(i -> http.postAsync("/orders", order(productId, 1, "round-" + r)))
          .toList());

      assertThat(responses).filteredOn(x -> x.status == 201).hasSize(10);
      assertThat(responses).filteredOn(x -> x.status == 409).hasSize(50);
      assertThat(stockOf(productId)).isZero();
      assertThat(http.put("/api/v1/products/" + productId, product("Restocked", "merchant-1", "3.00", 10)).status)
          .isEqualTo(200);
    }
    assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE product_id = ?").param(productId)
        .query(Long.class).single()).isEqualTo(30);
  }

  @Test
  void concurrentOrdersOverManyProductsSellEachProductsStockExactlyOnce() {
    var products = IntStream.range(0, 20).mapToObj(i -> newProduct("1.50", 5)).toList();
    var missing = "p-" + UUID.randomUUID();
    var bodies = new ArrayList<String>();
    for (int round = 0; round < 10; round++) {
      for (var productId : products) {
        bodies.add(order(productId, 1, "buyer-" + round));
      }
      bodies.add(order(missing, 1, "buyer-" + round));
    }

    var responses = all(bodies.stream().map(body -> http.postAsync("/orders", body)).toList());

    assertThat(responses).filteredOn(r -> r.status == 201).hasSize(20 * 5);
    assertThat(responses).filteredOn(r -> r.status == 409).hasSize(20 * 5);
    assertThat(responses).filteredOn(r -> r.status == 404).hasSize(10);
    for (var productId : products) {
      assertThat(stockOf(productId)).isZero();
      assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE product_id = ?").param(productId)
          .query(Long.class).single()).isEqualTo(5);
    }
    assertThat(jdbc.sql("""
            SELECT COUNT(*) FROM ledger_transactions l JOIN orders o ON o.id = l.order_id
             WHERE l.kind = 'SALE' AND o.product_id IN (%s)""".formatted(String.join(", ",
            products.stream().map(id -> "'" + id + "'").toList())))
        .query(Long.class).single()).isEqualTo(100);
  }

  @Test
  void concurrentRetriesWithOneIdempotencyKeyCreateOneOrder() {
    var productId = newProduct("5.00", 50);
    var key = "key-" + UUID.randomUUID();
    var body = order(productId, 2, "retrying-buyer");

    var responses = all(IntStream.range(0, 20)
        .mapToObj(i -> http.postAsync("/orders", body, "Idempotency-Key", key))
        .toList());

    var created = responses.stream().filter(r -> r.status == 201).toList();
    assertThat(created).isNotEmpty();
    assertThat(created).extracting(r -> r.json().get("id").asString()).containsOnly(
        created.get(0).json().get("id").asString());
    assertThat(responses).filteredOn(r -> r.status != 201).allSatisfy(r -> {
      assertThat(r.status).isEqualTo(409);
      assertThat(r.json().get("code").asString()).isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT");
    });
    var replay = http.post("/orders", body, "Idempotency-Key", key);
    assertThat(replay.status).isEqualTo(201);
    assertThat(replay.json()).isEqualTo(created.get(0).json());
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(stockOf(productId)).isEqualTo(48);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE product_id = ?").param(productId)
        .query(Long.class).single()).isEqualTo(1);

    var otherBody = http.post("/orders", order(productId, 3, "retrying-buyer"), "Idempotency-Key", key);
    assertThat(otherBody.status).isEqualTo(422);
    assertThat(otherBody.json().get("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(stockOf(productId)).isEqualTo(48);
  }

  @Test
  void cancellingReturnsStockAndWritesARefundOnce() {
    var productId = newProduct("12.34", 10);
    var placed = http.post("/orders", order(productId, 3, "canceller"));
    assertThat(placed.status).isEqualTo(201);
    var orderId = placed.json().get("id").asString();
    assertThat(stockOf(productId)).isEqualTo(7);

    var cancelled = http.post("/orders/" + orderId + "/cancel", "");
    assertThat(cancelled.status).isEqualTo(200);
    assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
    assertThat(http.get("/orders/" + orderId).json().get("status").asString()).isEqualTo("CANCELLED");
    assertThat(stockOf(productId)).isEqualTo(10);
    var ledger = jdbc.sql("SELECT kind, amount, fee FROM ledger_transactions WHERE order_id = ? ORDER BY id")
        .param(orderId)
        .query((rs, row) -> rs.getString(1) + " " + rs.getLong(2) + " " + rs.getLong(3))
        .list();
    assertThat(ledger).containsExactly("SALE 3702 137", "REFUND -3702 0");

    var again = http.post("/orders/" + orderId + "/cancel", "");
    assertThat(again.status).isEqualTo(409);
    assertThat(again.json().get("code").asString()).isEqualTo("INVALID_STATE_TRANSITION");
    assertThat(stockOf(productId)).isEqualTo(10);
  }

  String newProduct(String price, long stock) {
    var id = "p-" + UUID.randomUUID();
    var response = http.put("/api/v1/products/" + id, product("Limited edition", "merchant-1", price, stock));
    assertThat(response.status).isEqualTo(201);
    return id;
  }

  long stockOf(String productId) {
    return http.get("/api/v1/products/" + productId).json().get("stock").asLong();
  }

  static <T> List<T> all(List<CompletableFuture<T>> futures) {
    return futures.stream().map(CompletableFuture::join).toList();
  }
}
