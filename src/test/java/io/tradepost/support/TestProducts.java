package io.tradepost.support;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Products as test data: {@code aProduct().withStock(100).insertInto(jdbc)}. */
public final class TestProducts {

  private String id = "p-" + UUID.randomUUID().toString().substring(0, 12);
  private String name = "Test product";
  private String merchantId = "m-test";
  private long price = 1_000;
  private long stock = 10;

  private TestProducts() {}

  /** A product with a fresh id, 10 in stock at 10.00. */
  public static TestProducts aProduct() {
    return new TestProducts();
  }

  public TestProducts withId(String id) {
    this.id = id;
    return this;
  }

  public TestProducts withStock(long stock) {
    this.stock = stock;
    return this;
  }

  /** In minor units. */
  public TestProducts withPrice(long price) {
    this.price = price;
    return this;
  }

  public TestProducts withMerchant(String merchantId) {
    this.merchantId = merchantId;
    return this;
  }

  /** Stores the product and returns its id. */
  public String insertInto(JdbcClient jdbc) {
    var now = LocalDateTime.now(ZoneOffset.UTC);
    jdbc.sql("""
            INSERT INTO products (id, name, merchant_id, price, stock, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?)""")
        .params(id, name, merchantId, price, stock, now, now)
        .update();
    return id;
  }
}
