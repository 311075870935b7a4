package io.tradepost.orders;

import io.tradepost.platform.DbTime;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** How many orders were placed, by every instance: for the operators' dashboard. */
@Repository
public class OrderCounts {

  private final JdbcClient jdbc;

  OrderCounts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Orders created in {@code [from, to)}; reads the {@code orders_by_created} index only. */
  public long placedBetween(Instant from, Instant to) {
    return jdbc.sql("SELECT COUNT(*) FROM orders WHERE created_at >= ? AND created_at < ?")
        .params(DbTime.toDb(from), DbTime.toDb(to))
        .query(Long.class).single();
  }
}
