package io.tradepost.orders;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tradepost.catalog.ProductIds;
import io.tradepost.platform.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;

/**
 * A valid request to buy {@code quantity} (1–10,000) of a product. Invalid ones cannot be built. With
 * prices capped at {@link io.tradepost.platform.Money#MAX_MINOR}, the largest total (10^17 cents)
 * fits a long: price × quantity cannot overflow.
 */
record PlaceOrder(String productId, long quantity, String buyerId) {

  static final long MAX_QUANTITY = 10_000;
  static final int MAX_BUYER_ID = 64;

  PlaceOrder {
    var check = new InvalidInput.Check();
    validate(productId, quantity, buyerId, check);
    check.done();
  }

  /** Reads the JSON body, reporting every bad field at once. */
  static PlaceOrder from(Body body) {
    var check = new InvalidInput.Check();
    var productId = ProductIds.fromJson(body.productId(), "product_id", check);
    if (body.quantity() == null) {
      check.add("quantity", "is required");
    }
    long quantity = body.quantity() == null ? 1 : body.quantity();
    validate(check.failed("product_id") ? "x" : productId, quantity, body.buyerId(), check);
    check.done();
    return new PlaceOrder(productId, quantity, body.buyerId());
  }

  private static void validate(String productId, long quantity, String buyerId, InvalidInput.Check check) {
    ProductIds.check(productId, "product_id", check);
    check.require(quantity >= 1 && quantity <= MAX_QUANTITY, "quantity", "must be between 1 and " + MAX_QUANTITY);
    check.require(buyerId != null && !buyerId.isBlank() && buyerId.length() <= MAX_BUYER_ID
            && buyerId.chars().noneMatch(Character::isISOControl),
        "buyer_id", "is required, at most " + MAX_BUYER_ID + " printable characters");
  }

  /** Identifies the request's meaning, so a reused Idempotency-Key with another body is caught. */
  String fingerprint() {
    try {
      var digest = MessageDigest.getInstance("SHA-256")
          .digest((productId + "\n" + quantity + "\n" + buyerId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JSON body of {@code POST /orders}; {@code product_id} may be a string or an integer. */
  record Body(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = Object.class, types = {"string", "integer"},
          pattern = ProductIds.PATTERN, description = "1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'; an integer is read as its digits",
          example = "PROD-001") JsonNode productId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "10000", example = "2") Long quantity,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = MAX_BUYER_ID, pattern = "\\S",
          description = "Printable characters, not blank", example = "CUST-001") String buyerId) {}
}
