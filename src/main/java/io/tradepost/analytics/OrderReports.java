package io.tradepost.analytics;

import io.tradepost.orders.OrderStatus;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.Money;
import io.tradepost.platform.Placeholders;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Read-only aggregates over the orders table, computed by the database. H2, PostgreSQL and MariaDB
 * all sum a BIGINT column as an exact NUMERIC/DECIMAL, so sums are read as BigDecimal: a total past
 * 2^63 minor units is still right, where reading it as a long would fail.
 */
@Repository
class OrderReports {

  private final JdbcClient jdbc;

  OrderReports(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record StatusLine(OrderStatus status, long orderCount, BigDecimal totalAmount) {}

  record CustomerLine(String customerId, BigDecimal totalSpend, long orderCount) {}

  /** Every status, with zeros for those without orders since {@code since}; largest total first. */
  List<StatusLine> byStatus(Instant since) {
    var lines = new EnumMap<OrderStatus, StatusLine>(OrderStatus.class);
    for (var status : OrderStatus.values()) {
      lines.put(status, new StatusLine(status, 0, Money.toDecimal(0)));
    }
    jdbc.sql("""
            SELECT status, COUNT(*) AS orders, SUM(total_cents) AS total
              FROM orders WHERE created_at >= ? GROUP BY status""")
        .param(DbTime.toDb(since))
        .query((rs, row) -> {
          var status = OrderStatus.valueOf(rs.getString("status"));
          return lines.put(status, new StatusLine(status, rs.getLong("orders"), Money.toDecimal(rs.getBigDecimal("total"))));
        })
        .list();
    return lines.values().stream()
        .sorted(Comparator.comparing(StatusLine::totalAmount).reversed()
            .thenComparing(Comparator.comparingLong(StatusLine::orderCount).reversed())
            .thenComparing(StatusLine::status))
        .toList();
  }

  /** Customers by what they spent; orders that are not spend (cancelled) count for neither sum nor count. */
  List<CustomerLine> topCustomers(int limit) {
    var spend = Arrays.stream(OrderStatus.values()).filter(OrderStatus::isSpend).map(Enum::name).toList();
    var in = Placeholders.of(spend.size());
    return jdbc.sql("""
            SELECT buyer_id, SUM(total_cents) AS spend, COUNT(*) AS orders
              FROM orders WHERE status IN (%s)
             GROUP BY buyer_id ORDER BY spend DESC, buyer_id LIMIT ?""".formatted(in))
        .params(concat(spend, limit))
        .query((rs, row) -> new CustomerLine(rs.getString("buyer_id"), Money.toDecimal(rs.getBigDecimal("spend")),
            rs.getLong("orders")))
        .list();
  }

  private static List<Object> concat(List<String> values, Object last) {
    var all = new java.util.ArrayList<Object>(values);
    all.add(last);
    return all;
  }
}
