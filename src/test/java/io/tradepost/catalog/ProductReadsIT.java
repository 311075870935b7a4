package io.tradepost.catalog;

import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code GET /api/v1/products/{id}} answers from memory, yet a client never reads a product older than a
 * write it was answered for: every way the service changes a product shows on the next read.
 */
@OnH2
class ProductReadsIT {

  @LocalServerPort
  int port;

  Http http;
  String id;

  @BeforeEach
  void aProductThatWasReadOnce() {
    http = new Http(port);
    id = "read-" + UUID.randomUUID();
    assertThat(http.put("/api/v1/products/" + id, product("Lamp", "m1", "20.00", 10))
        .status).isEqualTo(201);
    assertThat(stock()).isEqualTo(10);
  }

  @Test
  void anOrderAndItsCancellationShowInTheNextRead() {
    var placed = http.post("/orders", order(id, 3, "b1"));
    assertThat(placed.status).as(placed.body).isEqualTo(201);

    assertThat(stock()).isEqualTo(7);

    var cancelled = http.post("/orders/" + placed.json().get("id").asString() + "/cancel", "");
    assertThat(cancelled.status).as(cancelled.body).isEqualTo(200);

    assertThat(stock()).isEqualTo(10);
  }

  @Test
  void aReplacedProductShowsInTheNextRead() {
    assertThat(http.put("/api/v1/products/" + id, product("Lamp", "m1", "25.00", 4))
        .status).isEqualTo(200);

    var read = http.get("/api/v1/products/" + id).json();
    assertThat(read.get("stock").asLong()).isEqualTo(4);
    assertThat(read.get("price").decimalValue()).isEqualByComparingTo("25.00");
  }

  @Test
  void anAppliedEventShowsInTheNextRead() {
    assertThat(http.post("/api/v1/events", "{\"product_id\":\"" + id + "\",\"stock\":42}").status).isEqualTo(202);

    // Applied in the background; well before the 30 s an entry may live.
    await().atMost(Duration.ofSeconds(5)).until(() -> stock() == 42);
  }

  @Test
  void repeatedReadsAreServedFromMemory() {
    double hits = productCacheHits();

    stock();
    stock();

    assertThat(productCacheHits()).isGreaterThanOrEqualTo(hits + 2);
  }

  private double productCacheHits() {
    return http.get("/metrics").body.lines()
        .filter(line -> line.startsWith("cache_gets_total{") && line.contains("cache=\"products\"")
            && line.contains("result=\"hit\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private long stock() {
    var read = http.get("/api/v1/products/" + id);
    assertThat(read.status).as(read.body).isEqualTo(200);
    return read.json().get("stock").asLong();
  }
}
