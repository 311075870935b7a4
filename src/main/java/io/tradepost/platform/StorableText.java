package io.tradepost.platform;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Text every supported database can store: no NUL (PostgreSQL refuses it in text, failing the
 * whole statement) and no unpaired surrogate (it has no UTF-8 encoding). Client text that breaks
 * this is refused as 400 {@code VALIDATION_FAILED} before it reaches any statement.
 */
public final class StorableText {

  public static final String PROBLEM = "must not contain NUL characters or unpaired surrogates";

  private StorableText() {}

  public static boolean isStorable(CharSequence text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == n || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Adds a field error when {@code text} is present and not storable. */
  public static void check(String text, String field, InvalidInput.Check check) {
    if (text != null && !isStorable(text)) {
      check.add(field, PROBLEM);
    }
  }

  /** Checks every string value and member name of a JSON document; fields are named like {@code [3].name}. */
  public static void check(JsonNode node, String path, InvalidInput.Check check) {
    if (node.isString()) {
      check(node.asString(), path.isEmpty() ? "body" : path, check);
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), path + "[" + i + "]", check);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        var field = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
        if (!isStorable(member.getKey())) {
          check.add(path.isEmpty() ? "body" : path, "has a member name that " + PROBLEM);
        } else {
          check(member.getValue(), field, check);
        }
      }
    }
  }
}
