package io.tradepost.catalog;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.Money;
import java.math.BigDecimal;

/** Create or replace a product. Every field is required; the constructor of a valid one is {@link #of}. */
record PutProduct(String id, String name, String merchantId, long price, long stock) {

  static PutProduct of(String id, Body body) {
    var check = new InvalidInput.Check();
    ProductIds.check(id, "id", check);
    check.require(body.name() != null && !body.name().isBlank() && body.name().length() <= 255, "name",
        "is required, at most 255 characters");
    check.require(body.merchantId() != null && ProductIds.isValid(body.merchantId()), "merchant_id",
        "is required, 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
    long price = -1;
    if (body.price() == null) {
      check.add("price", "is required");
    } else {
      price = Money.toMinorUnits(body.price(), "price", check);
    }
    if (body.stock() == null) {
      check.add("stock", "is required");
    } else {
      check.require(body.stock() >= 0, "stock", "must not be negative");
    }
    check.done();
    return new PutProduct(id, body.name(), body.merchantId(), price, body.stock());
  }

  /** The JSON body of {@code PUT /api/v1/products/{id}}. */
  record Body(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 255, example = "Wireless Mouse") String name,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ProductIds.PATTERN, example = "MERCH-001") String merchantId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0", maximum = Money.MAX_DECIMAL, example = "49.99",
          description = "At most two decimals") BigDecimal price,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0", example = "100") Long stock) {}
}
