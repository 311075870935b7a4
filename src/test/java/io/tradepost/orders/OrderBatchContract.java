package io.tradepost.orders;

import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.tradepost.support.Http;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Orders for different products that wait together are settled in one transaction; what buyers see
 * must not change because of it. With a single batch slot, a batch held up behind a locked product
 * lets the next orders queue, so the next batch is known. One subclass per database.
 */
@TestPropertySource(properties = "tradepost.orders.workers=1")
abstract class OrderBatchContract {

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  DataSource dataSource;

  @Autowired
  MeterRegistry meters;

  Http http;

  @BeforeEach
  void connect() {
    http = new Http(port);
  }

  @Test
  void ordersForManyProductsWaitingTogetherAreSettledInOneBatchEachProductInArrivalOrder() throws Exception {
    var scarce = newProduct("3.00", 1);
    var plenty = newProduct("4.00", 10);
    var other = newProduct("5.00", 10);
    var missing = "p-" + UUID.randomUUID();
    long batchesBefore = batches().count();
    double productsBefore = batches().totalAmount();

    List<Http.Response> queued;
    try (var lock = lockedProduct()) {
      queued = queueBehind(lock,
          new Queued(order(scarce, 1, "first")), new Queued(order(plenty, 3, "b"), "key-b-" + plenty),
          new Queued(order(scarce, 1, "second"), "key-second-" + scarce), new Queued(order(missing, 1, "c")),
          new Queued(order(other, 2, "d")));
    }

    assertThat(queued).extracting(r -> r.status).containsExactly(201, 201, 409, 404, 201);
    assertThat(queued.get(0).json().get("buyer_id").asString()).isEqualTo("first");
    assertThat(queued.get(2).json().get("code").asString()).isEqualTo("OUT_OF_STOCK");
    // the responses stored for Idempotency-Keys in that batch are replayed as they were given
    var replayedOrder = http.post("/orders", order(plenty, 3, "b"), "Idempotency-Key", "key-b-" + plenty);
    assertThat(replayedOrder.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replayedOrder.json()).isEqualTo(queued.get(1).json());
    var replayedRefusal = http.post("/orders", order(scarce, 1, "second"), "Idempotency-Key", "key-second-" + scarce);
    assertThat(replayedRefusal.status).isEqualTo(409);
    assertThat(replayedRefusal.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replayedRefusal.json().get("code").asString()).isEqualTo("OUT_OF_STOCK");
    // the order that was held up, then the four products that queued behind it, together
    assertThat(batches().count() - batchesBefore).isEqualTo(2);
    assertThat(batches().totalAmount() - productsBefore).isEqualTo(1 + 4);
    assertThat(List.of(stockOf(scarce), stockOf(plenty), stockOf(other))).containsExactly(0L, 7L, 8L);
    assertThat(salesOf(scarce, plenty, other)).isEqualTo(3);
  }

  @Test
  void anOrderThatCannotBeStoredFailsAloneAndTheOthersInItsBatchAreStored() throws Exception {
    var first = newProduct("1.00", 10);
    var poisoned = newProduct("2.00", 10);
    var last = newProduct("3.00", 10);
    jdbc.sql("ALTER TABLE orders ADD CONSTRAINT test_no_poison CHECK (buyer_id <> 'poison')").update();
    List<Http.Response> queued;
    try (var lock = lockedProduct()) {
      queued = queueBehind(lock,
          new Queued(order(first, 1, "a")), new Queued(order(poisoned, 2, "b")), new Queued(order(poisoned, 3, "poison")),
          new Queued(order(poisoned, 4, "c")), new Queued(order(last, 5, "d")));
    } finally {
      jdbc.sql("ALTER TABLE orders DROP CONSTRAINT test_no_poison").update();
    }

    assertThat(queued).extracting(r -> r.status).containsExactly(201, 201, 500, 201, 201);
    assertThat(queued.get(2).json().get("code").asString()).isEqualTo("INTERNAL_ERROR");
    assertThat(List.of(stockOf(first), stockOf(poisoned), stockOf(last))).containsExactly(9L, 4L, 5L);
    assertThat(salesOf(first, poisoned, last)).isEqualTo(4);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE buyer_id = 'poison'").query(Long.class).single()).isZero();
  }

  /** A product row locked by another transaction; an order for it holds the desk's only batch slot. */
  private final class LockedProduct implements AutoCloseable {
    final String id = newProduct("9.99", 10);
    final Connection connection;
    final CompletableFuture<Http.Response> heldUp;

    LockedProduct() throws Exception {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
      try (var statement = connection.prepareStatement("SELECT stock FROM products WHERE id = ? FOR UPDATE")) {
        statement.setString(1, id);
        statement.executeQuery().close();
      }
      heldUp = http.postAsync("/orders", order(id, 1, "held-up"));
      await().atMost(Duration.ofSeconds(10)).until(() -> gauge("tradepost.orders.batches.in.flight") == 1);
    }

    @Override
    public void close() throws Exception {
      if (connection.isClosed()) {
        return;
      }
      try {
        connection.commit();
      } finally {
        connection.close();
      }
    }
  }

  LockedProduct lockedProduct() throws Exception {
    return new LockedProduct();
  }

  /** An order to send, with the Idempotency-Key it carries, or null. */
  record Queued(String body, String key) {
    Queued(String body) {
      this(body, null);
    }
  }

  /** Sends the orders one after another while the desk is held up, then lets it go; their responses. */
  private List<Http.Response> queueBehind(LockedProduct lock, Queued... orders) throws Exception {
    var responses = new ArrayList<CompletableFuture<Http.Response>>();
    for (var queued : orders) {
      responses.add(queued.key() == null
          ? http.postAsync("/orders", queued.body())
          : http.postAsync("/orders", queued.body(), "Idempotency-Key", queued.key()));
      int sent = responses.size();
      await().atMost(Duration.ofSeconds(10)).until(() -> gauge("tradepost.orders.waiting") == sent);
    }
    lock.close();
    assertThat(lock.heldUp.join().status).isEqualTo(201);
    return responses.stream().map(CompletableFuture::join).toList();
  }

  private double gauge(String name) {
    return meters.get(name).gauge().value();
  }

  private io.micrometer.core.instrument.DistributionSummary batches() {
    return meters.get("tradepost.orders.batch.products").summary();
  }

  String newProduct(String price, long stock) {
    var id = "p-" + UUID.randomUUID();
    assertThat(http.put("/api/v1/products/" + id, product("Batch", "merchant-1", price, stock)).status).isEqualTo(201);
    return id;
  }

  long stockOf(String productId) {
    return http.get("/api/v1/products/" + productId).json().get("stock").asLong();
  }

  long salesOf(String... productIds) {
    return jdbc.sql("""
            SELECT COUNT(*) FROM ledger_transactions l JOIN orders o ON o.id = l.order_id
             WHERE l.kind = 'SALE' AND o.product_id IN (?, ?, ?)""")
        .params((Object[]) productIds)
        .query(Long.class)
        .single();
  }
}
