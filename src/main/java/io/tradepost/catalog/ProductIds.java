package io.tradepost.catalog;

import io.tradepost.platform.InvalidInput;
import tools.jackson.databind.JsonNode;

/**
 * Product ids are 1–64 characters of {@code [A-Za-z0-9._-]}. Clients of seed 002 send them as JSON
 * integers ({@code "product_id": 1}); those are read as their decimal text.
 */
public final class ProductIds {

  private static final int MAX_LENGTH = 64;
  /** What {@link #isValid} accepts, as the API document states it. */
  public static final String PATTERN = "^[A-Za-z0-9._-]{1,64}$";

  private ProductIds() {}

  /** {@code [A-Za-z0-9._-]{1,64}}, checked by hand: every event and order checks one or two ids. */
  public static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /** Validates an id from a path or a string field; records a field error when it is bad. */
  public static String check(String id, String field, InvalidInput.Check check) {
    if (id == null || id.isEmpty()) {
      check.add(field, "is required");
    } else if (!isValid(id)) {
      check.add(field, "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
    }
    return id;
  }

  /** Reads a JSON {@code product_id} that may be a string or an integer. */
  public static String fromJson(JsonNode node, String field, InvalidInput.Check check) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      check.add(field, "is required");
      return null;
    }
    if (node.isIntegralNumber()) {
      return check(node.asString(), field, check);
    }
    if (node.isString()) {
      return check(node.asString(), field, check);
    }
    check.add(field, "must be a string or an integer");
    return null;
  }
}
