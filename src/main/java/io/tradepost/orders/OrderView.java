package io.tradepost.orders;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tradepost.catalog.ProductView;
import io.tradepost.platform.Money;
import java.math.BigDecimal;
import java.time.Instant;

/** An order as the API shows it; {@code product} is embedded on reads, not on creation. */
record OrderView(
    String id, String productId, String buyerId, long quantity, OrderStatus status, long totalCents,
    BigDecimal total, Instant createdAt, Instant updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) ProductView product) {

  static OrderView of(Order o, ProductView product) {
    return new OrderView(o.id(), o.productId(), o.buyerId(), o.quantity(), o.status(), o.totalCents(),
        Money.toDecimal(o.totalCents()), o.createdAt(), o.updatedAt(), product);
  }
}
