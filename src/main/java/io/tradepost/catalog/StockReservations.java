package io.tradepost.catalog;

import io.tradepost.catalog.cache.ProductReadCache;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.Placeholders;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
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
  private final JdbcTemplate template;
  private final Clock clock;
  private final ProductReadCache cache;

  StockReservations(JdbcClient jdbc, JdbcTemplate template, Clock clock, ProductReadCache cache) {
    this.jdbc = jdbc;
    this.template = template;
    this.clock = clock;
    this.cache = cache;
  }

  /**
   * Locks the products in id order (so two callers that lock several products in this way cannot
   * deadlock each other), grants each product's requested quantities in the order given while its
   * stock lasts, then takes each product's granted total with one guarded update, all sent as one
   * batch. The product rows stay locked until the caller's transaction ends.
   *
   * @param quantities the quantities to grant, in order, per product id
   * @return a reservation per product; products that do not exist have none
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Map<String, Reservation> reserve(Map<String, List<Long>> quantities) {
    var ids = new ArrayList<Object>(new TreeSet<>(quantities.keySet()));
    var products = jdbc.sql("SELECT " + Products.COLUMNS + " FROM products WHERE id IN ("
            + Placeholders.of(ids.size()) + ") ORDER BY id FOR UPDATE")
        .params(ids)
        .query(Products::map)
        .list();
    var now = DbTime.toDb(DbTime.now(clock));
    var reservations = new HashMap<String, Reservation>();
    var takes = new ArrayList<Object[]>();
    for (var product : products) {
      var requested = quantities.get(product.id());
      if (requested == null) {
        continue; // only where the database matches ids case-insensitively; that id was not asked for
      }
      long left = product.stock();
      var granted = new ArrayList<Boolean>(requested.size());
      for (long quantity : requested) {
        boolean ok = quantity <= left;
        granted.add(ok);
        left -= ok ? quantity : 0;
      }
      long taken = product.stock() - left;
      if (taken > 0) {
        takes.add(new Object[] {taken, now, product.id(), taken});
      }
      reservations.put(product.id(), new Reservation(product, List.copyOf(granted), left));
    }
    if (!takes.isEmpty()) {
      cache.changed(takes.stream().map(take -> (String) take[2]).toList());
      int[] rows = template.batchUpdate("""
          UPDATE products SET stock = stock - ?, version = version + 1, updated_at = ?
           WHERE id = ? AND stock >= ?""", takes);
      for (int i = 0; i < rows.length; i++) {
        if (rows[i] != 1) {
          throw new IllegalStateException("Stock of " + takes.get(i)[2] + " changed under its row lock");
        }
      }
    }
    return reservations;
  }

  /**
   * The stock of the products as last committed, read without locking them: enough to refuse an
   * order that asks for more, as no lock can make more stock appear at that moment.
   *
   * @return stock per product id; products that do not exist are missing
   */
  public Map<String, Long> committedStock(Collection<String> productIds) {
    var stock = new HashMap<String, Long>();
    jdbc.sql("SELECT id, stock FROM products WHERE id IN (" + Placeholders.of(productIds.size()) + ")")
        .params(new ArrayList<Object>(productIds))
        .query((rs, row) -> stock.put(rs.getString(1), rs.getLong(2)))
        .list();
    return stock;
  }

  /** Puts stock back, as when an order is cancelled. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void release(String productId, long quantity) {
    cache.changed(List.of(productId));
    jdbc.sql("UPDATE products SET stock = stock + ?, version = version + 1, updated_at = ? WHERE id = ?")
        .params(quantity, DbTime.toDb(DbTime.now(clock)), productId)
        .update();
  }

  /**
   * @param product the product as it was before the reservation
   * @param granted for each requested quantity, in order, whether it was granted
   * @param remaining the stock left once the granted quantities are taken
   */
  public record Reservation(Product product, List<Boolean> granted, long remaining) {}
}
