package io.tradepost.catalog;

import io.tradepost.platform.Money;
import java.math.BigDecimal;
import java.time.Instant;

/** A product as the API shows it: {@code price} as a decimal with two places. */
public record ProductView(
    String id, BigDecimal price, long stock, String name, String merchantId, long version, Instant updatedAt) {

  public static ProductView of(Product p) {
    return new ProductView(p.id(), Money.toDecimal(p.price()), p.stock(), p.name(), p.merchantId(), p.version(),
        p.updatedAt());
  }
}
