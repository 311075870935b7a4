package io.tradepost.catalog;

import io.tradepost.platform.InvalidInput;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Product ids are 1–64 characters of {@code [A-Za-z0-9._-]}. Clients of seed 002 send them as JSON
 * integers ({@code "product_id": 1}); those are read as their decimal text.
 */
public final class ProductIds {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private ProductIds() {}

  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
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
