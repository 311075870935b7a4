package io.tradepost.catalog;

import io.tradepost.platform.DbTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes and returns stock inside the caller's transaction. Stock only ever leaves through one guarded
 * statement ({@code ... WHERE stock >= :q}), backed by {@code CHECK (stock >= 0)}, so it cannot
 * go negative whatever the concurrency or the number of instances.
 */
@Component
public class StockReservations {

  private final JdbcClient jdbc;
  private final Clock clock;

  StockReservations(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Grants the requested quantities in the order given while stock lasts, then takes the granted
   * total from the product with one guarded update. The product row stays locked until the caller's
   * transaction ends.
   *
   * @return empty when the product does not exist
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Reservation> reserve(String productId, List<Long> quantities) {
    var product = jdbc.sql("SELECT " + Products.COLUMNS + " FROM products WHERE id = ? FOR UPDATE")
        .param(productId)
        .query(Products::map)
        .optional();
    if (product.isEmpty()) {
      return Optional.empty();
    }
    long left = product.get().stock();
    var granted = new ArrayList<Boolean>(quantities.size());
    for (long quantity : quantities) {
      boolean ok = quantity <= left;
      granted.add(ok);
      left -= ok ? quantity : 0;
    }
    long taken = product.get().stock() - left;
    if (taken > 0) {
      int rows = jdbc.sql("""
              UPDATE products SET stock = stock - ?, version = version + 1, updated_at = ?
               WHERE id = ? AND stock >= ?""")
          .params(taken, DbTime.toDb(DbTime.now(clock)), productId, taken)
          .update();
      if (rows != 1) {
        throw new IllegalStateException("Stock of " + productId + " changed under its row lock");
      }
    }
    return Optional.of(new Reservation(product.get(), List.copyOf(granted)));
  }

  /** Puts stock back, as when an order is cancelled. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void release(String productId, long quantity) {
    jdbc.sql("UPDATE products SET stock = stock + ?, version = version + 1, updated_at = ? WHERE id = ?")
        .params(quantity, DbTime.toDb(DbTime.now(clock)), productId)
        .update();
  }

  /**
   * @param product the product as it was before the reservation
   * @param granted for each requested quantity, in order, whether it was granted
   */
  public record Reservation(Product product, List<Boolean> granted) {}
}
