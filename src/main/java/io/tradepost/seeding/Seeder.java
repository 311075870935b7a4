package io.tradepost.seeding;

import io.tradepost.ledger.FeePolicy;
import io.tradepost.platform.Placeholders;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fills the database with products, orders and ledger sales for demos and load tests. Products come
 * first, because orders take their price and merchant from the products as stored.
 *
 * <p>Products ({@code seed-p-N}) and orders (number N of the random seed) have ids that a re-run
 * recognises: those already there are left alone, so seeding again never fails and only adds what is
 * missing. Ledger sales have no such identity; every run adds its own.
 */
final class Seeder {

  /** Ids per lookup of existing orders; far below every database's bind-parameter limit. */
  private static final int LOOKUP_BATCH = 1_000;

  private final JdbcClient jdbc;
  private final TableWriter writer;
  private final FeePolicy fees;
  private final Clock clock;

  Seeder(JdbcClient jdbc, TableWriter writer, FeePolicy fees, Clock clock) {
    this.jdbc = jdbc;
    this.writer = writer;
    this.fees = fees;
    this.clock = clock;
  }

  /** What one table got. */
  record Seeded(String table, long rows, long skipped, Duration took) {

    String summary() {
      var line = String.format(Locale.ROOT, "seeded %-20s %,12d rows in %7.3f s", table, rows,
          took.toNanos() / 1e9);
      return skipped == 0 ? line : line + String.format(Locale.ROOT, " (%,d already there)", skipped);
    }
  }

  /** @throws SeedRefused when orders are asked for but there is nothing to order */
  List<Seeded> seed(SeedOptions options, SeedProgress progress) {
    var anchor = LocalDate.now(clock.withZone(ZoneOffset.UTC)).atStartOfDay();
    var data = new SeedData(options, fees, anchor);
    // Checked before anything is written, so a refused seed leaves the database as it was.
    boolean ordersOfStoredProducts = options.orders() > 0 && options.products() == 0;
    var stored = ordersOfStoredProducts ? storedProducts() : List.<SeedData.PricedProduct>of();
    if (ordersOfStoredProducts && stored.isEmpty()) {
      throw SeedRefused.noProductsToOrder();
    }
    var seeded = new ArrayList<Seeded>();

    long start = System.nanoTime();
    var existingProducts = options.products() == 0 ? Set.<String>of() : existingSeedProducts(options.products());
    long products = writer.write(progress.following(data.products(existingProducts)));
    seeded.add(new Seeded("products", products, existingProducts.size(), since(start)));

    start = System.nanoTime();
    var catalog = options.orders() == 0 || ordersOfStoredProducts ? stored : seededProducts(options.products());
    if (options.orders() > 0 && catalog.isEmpty()) {
      throw SeedRefused.noProductsToOrder();
    }
    var existingOrders = existingOrders(data, options.orders());
    long orders = writer.write(progress.following(data.orders(catalog, existingOrders)));
    seeded.add(new Seeded("orders", orders, existingOrders.size(), since(start)));

    start = System.nanoTime();
    long transactions = writer.write(progress.following(data.transactions()));
    seeded.add(new Seeded("ledger_transactions", transactions, 0, since(start)));
    return seeded;
  }

  private static Duration since(long nanoTime) {
    return Duration.ofNanos(System.nanoTime() - nanoTime);
  }

  /** Which of {@code seed-p-000001} to {@code seed-p-<count>} are there already. */
  private Set<String> existingSeedProducts(int count) {
    var ids = new HashSet<String>();
    jdbc.sql("""
            SELECT id FROM products WHERE id LIKE 'seed-p-%'""")
        .query((rs, row) -> rs.getString(1))
        .stream()
        .filter(id -> SeedData.productNumber(id) >= 1 && SeedData.productNumber(id) <= count)
        .forEach(ids::add);
    return ids;
  }

  /**
   * Which of the seed's orders 1 to {@code count} are there already. Looked up only when the table
   * has any orders at all, so seeding an empty database costs nothing extra.
   */
  private Set<String> existingOrders(SeedData data, int count) {
    var existing = new HashSet<String>();
    if (count == 0 || jdbc.sql("""
            SELECT COUNT(*) FROM (SELECT id FROM orders LIMIT 1) any_order""").query(Long.class).single() == 0) {
      return existing;
    }
    for (long from = 1; from <= count; from += LOOKUP_BATCH) {
      var ids = new ArrayList<String>(LOOKUP_BATCH);
      for (long number = from; number <= Math.min(count, from + LOOKUP_BATCH - 1); number++) {
        ids.add(data.orderId(number));
      }
      existing.addAll(jdbc.sql("SELECT id FROM orders WHERE id IN (" + Placeholders.of(ids.size()) + ")")
          .params(ids)
          .query(String.class)
          .list());
    }
    return existing;
  }

  /** Seeded products 1 to {@code count} as stored now, in number order, so orders follow the seed. */
  private List<SeedData.PricedProduct> seededProducts(int count) {
    return jdbc.sql("""
            SELECT id, merchant_id, price FROM products
             WHERE id LIKE 'seed-p-%' AND merchant_id IS NOT NULL""")
        .query((rs, row) -> new SeedData.PricedProduct(rs.getString(1), rs.getString(2), rs.getLong(3)))
        .stream()
        .filter(p -> SeedData.productNumber(p.id()) >= 1 && SeedData.productNumber(p.id()) <= count)
        .sorted(Comparator.comparingLong(p -> SeedData.productNumber(p.id())))
        .toList();
  }

  /**
   * Every product that has a merchant, for orders when no products are seeded in this run; sorted
   * here, not by the database, whose collations differ.
   */
  private List<SeedData.PricedProduct> storedProducts() {
    return jdbc.sql("""
            SELECT id, merchant_id, price FROM products WHERE merchant_id IS NOT NULL""")
        .query((rs, row) -> new SeedData.PricedProduct(rs.getString(1), rs.getString(2), rs.getLong(3)))
        .stream()
        .sorted(Comparator.comparing(SeedData.PricedProduct::id))
        .toList();
  }
}
