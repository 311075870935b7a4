package io.tradepost.catalog;

import io.tradepost.catalog.cache.ProductReadCache;
import io.tradepost.platform.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The product table: reads for everyone, create-or-replace for the catalog's own API. */
@Repository
public class Products {

  static final String COLUMNS = "id, name, merchant_id, price, stock, version, updated_at";

  private final JdbcClient jdbc;
  private final Clock clock;
  private final ProductReadCache cache;

  Products(JdbcClient jdbc, Clock clock, ProductReadCache cache) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.cache = cache;
  }

  /** The product as last committed. */
  public Optional<Product> find(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE id = ?").param(id).query(Products::map).optional();
  }

  /** The product, from this instance's {@link ProductReadCache} when it is there. */
  Optional<Product> read(String id) {
    return cache.get(id, this::find);
  }

  public List<Product> list(int limit, long offset) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM products ORDER BY id LIMIT ? OFFSET ?")
        .params(limit, offset)
        .query(Products::map)
        .list();
  }

  public long count() {
    return jdbc.sql("SELECT COUNT(*) FROM products").query(Long.class).single();
  }

  /** Creates or replaces a product; true when it was created. */
  @Transactional
  boolean put(PutProduct p) {
    cache.changed(List.of(p.id()));
    var now = DbTime.toDb(DbTime.now(clock));
    int updated = jdbc.sql("""
            UPDATE products SET name = ?, merchant_id = ?, price = ?, stock = ?, version = version + 1,
                   updated_at = ?
             WHERE id = ?""")
        .params(p.name(), p.merchantId(), p.price(), p.stock(), now, p.id())
        .update();
    if (updated == 1) {
      return false;
    }
    try {
      jdbc.sql("""
              INSERT INTO products (id, name, merchant_id, price, stock, version, last_event_seq, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, 1, 0, ?, ?)""")
          .params(p.id(), p.name(), p.merchantId(), p.price(), p.stock(), now, now)
          .update();
      return true;
    } catch (DuplicateKeyException raced) {
      // Another request created it between our UPDATE and INSERT: ours replaces it.
      return put(p);
    }
  }

  static Product map(ResultSet rs, int row) throws SQLException {
    return new Product(rs.getString("id"), rs.getString("name"), rs.getString("merchant_id"), rs.getLong("price"),
        rs.getLong("stock"), rs.getLong("version"), DbTime.fromDb(rs.getObject("updated_at", LocalDateTime.class)));
  }
}
