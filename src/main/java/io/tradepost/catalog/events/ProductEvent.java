package io.tradepost.catalog.events;

import io.tradepost.catalog.ProductIds;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.Money;
import io.tradepost.platform.StorableText;
import tools.jackson.databind.JsonNode;

/**
 * A valid product-update event. Every field but {@code productId} is optional: null means "leave
 * as it is". Built only through {@link #from}, which reports every bad field at once.
 */
record ProductEvent(String productId, String eventId, String name, String merchantId, Long price, Long stock) {

  static final int MAX_EVENT_ID = 128;

  /**
   * Reads one event from JSON, adding field errors (prefixed, e.g. {@code [3].price}) to the check.
   *
   * @return the event, or null when it had errors
   */
  static ProductEvent from(JsonNode json, String prefix, InvalidInput.Check check) {
    if (json == null || !json.isObject()) {
      check.add(prefix.isEmpty() ? "body" : prefix, "must be a JSON object");
      return null;
    }
    var local = new InvalidInput.Check();
    var productId = ProductIds.fromJson(json.get("product_id"), prefix + "product_id", local);
    var eventId = text(json, "event_id", prefix, MAX_EVENT_ID, local);
    var name = text(json, "name", prefix, 255, local);
    var merchantId = text(json, "merchant_id", prefix, 64, local);
    if (merchantId != null && !ProductIds.isValid(merchantId)) {
      local.add(prefix + "merchant_id", "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
    }
    Long price = null;
    var priceNode = json.get("price");
    if (present(priceNode)) {
      long minor = Money.toMinorUnits(priceNode, prefix + "price", local);
      price = minor < 0 ? null : minor;
    }
    Long stock = null;
    var stockNode = json.get("stock");
    if (present(stockNode)) {
      if (!stockNode.isIntegralNumber() || !stockNode.canConvertToLong()) {
        local.add(prefix + "stock", "must be a whole number");
      } else if (stockNode.asLong() < 0) {
        local.add(prefix + "stock", "must not be negative");
      } else {
        stock = stockNode.asLong();
      }
    }
    if (local.hasErrors()) {
      local.errors().forEach(e -> check.add(e.field(), e.message()));
      return null;
    }
    return new ProductEvent(productId, eventId, name, merchantId, price, stock);
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  private static String text(JsonNode json, String field, String prefix, int max, InvalidInput.Check check) {
    var node = json.get(field);
    if (!present(node)) {
      return null;
    }
    if (!node.isString() || node.asString().isEmpty() || node.asString().length() > max) {
      check.add(prefix + field, "must be a string of 1-" + max + " characters");
      return null;
    }
    if (!StorableText.isStorable(node.asString())) {
      check.add(prefix + field, StorableText.PROBLEM);
      return null;
    }
    return node.asString();
  }
}
