package io.tradepost.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.platform.DbTime;
import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The seed 000 analytics fixture — 10 orders of 5 customers over 25 days — with its PAID orders as
 * CONFIRMED and its CANCELLED ones as CANCELLED.
 */
@OnH2
class AnalyticsIT {

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  Http http;

  @BeforeEach
  void fixture() {
    http = new Http(port);
    jdbc.sql("DELETE FROM orders").update();
    order(1, "alice", 12_000, "CONFIRMED");
    order(2, "bob", 4_550, "CONFIRMED");
    order(3, "alice", 3_000, "CANCELLED");
    order(5, "carol", 25_000, "CONFIRMED");
    order(8, "dave", 999, "CONFIRMED");
    order(10, "bob", 7_001, "CANCELLED");
    order(13, "erin", 15_000, "CONFIRMED");
    order(17, "carol", 1, "CONFIRMED");
    order(21, "dave", 50_000, "CANCELLED");
    order(25, "erin", 2_500, "CONFIRMED");
  }

  @Test
  void statusSummaryOverThirtyDaysIsOrderedByTotal() {
    var data = http.get("/api/v1/analytics/orders/status").json().get("data");

    assertThat(lines(data)).containsExactly("CONFIRMED 7 600.5", "CANCELLED 3 600.01");
  }

  @Test
  void statusSummaryHonoursTheWindowAndListsStatusesWithoutOrders() {
    assertThat(lines(http.get("/api/v1/analytics/orders/status?days=7").json().get("data")))
        .containsExactly("CONFIRMED 3 415.5", "CANCELLED 1 30");
    assertThat(lines(http.get("/api/v1/analytics/orders/status?days=1").json().get("data")))
        .containsExactly("CONFIRMED 1 120", "CANCELLED 0 0");
  }

  @Test
  void topCustomersLeaveCancelledOrdersOutOfSpend() {
    var response = http.get("/api/v1/analytics/customers/top").json();

    assertThat(customers(response.get("data")))
        .containsExactly("carol 250.01 2", "erin 175 2", "alice 120 1", "bob 45.5 1", "dave 9.99 1");
    assertThat(response.get("timestamp").asString()).endsWith("Z");
    assertThat(customers(http.get("/api/v1/analytics/customers/top?limit=2").json().get("data")))
        .containsExactly("carol 250.01 2", "erin 175 2");
  }

  @Test
  void sumsPastTheRangeOfALongAreExact() {
    order(2, "whale", Long.MAX_VALUE, "CONFIRMED");
    order(3, "whale", Long.MAX_VALUE, "CONFIRMED");

    var top = http.get("/api/v1/analytics/customers/top?limit=1");
    var byStatus = http.get("/api/v1/analytics/orders/status");

    assertThat(top.status).isEqualTo(200);
    assertThat(top.body).contains("\"customer_id\":\"whale\",\"total_spend\":184467440737095516.14,");
    assertThat(byStatus.status).isEqualTo(200);
    assertThat(byStatus.body).contains("\"status\":\"CONFIRMED\",\"order_count\":9,\"total_amount\":184467440737096116.64");
  }

  private void order(int daysAgo, String customer, long cents, String status) {
    // An hour inside the day boundary, so the window edges are not a race with the clock.
    var at = DbTime.toDb(Instant.now().minus(Duration.ofDays(daysAgo)).plus(Duration.ofHours(1)));
    jdbc.sql("""
            INSERT INTO orders (id, product_id, merchant_id, buyer_id, quantity, unit_price, total_cents, status,
                                created_at, updated_at)
            VALUES (?, 'fixture', 'm-1', ?, 1, ?, ?, ?, ?, ?)""")
        .params(UUID.randomUUID().toString(), customer, cents, cents, status, at, at)
        .update();
  }

  private static java.util.List<String> lines(JsonNode data) {
    return StreamSupport.stream(data.spliterator(), false)
        .map(n -> n.get("status").asString() + " " + n.get("order_count").asLong() + " "
            + n.get("total_amount").decimalValue().stripTrailingZeros().toPlainString())
        .toList();
  }

  private static java.util.List<String> customers(JsonNode data) {
    return StreamSupport.stream(data.spliterator(), false)
        .map(n -> n.get("customer_id").asString() + " "
            + n.get("total_spend").decimalValue().stripTrailingZeros().toPlainString() + " "
            + n.get("order_count").asLong())
        .toList();
  }
}
