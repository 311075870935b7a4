package io.tradepost.sync;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Strict reading of one upstream JSON record: the first broken rule becomes the reject reason. */
final class RecordCheck {

  private final JsonNode record;
  private String problem;

  RecordCheck(JsonNode record) {
    this.record = record;
    if (record == null || !record.isObject()) {
      problem = "record is not a JSON object";
    }
  }

  /** A required integral number (ids, user ids): strings that look like numbers are wrong types. */
  Long integer(String field) {
    var node = field(field);
    if (node == null) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      fail(field + " must be an integer");
      return null;
    }
    return node.asLong();
  }

  /** A required string, at most {@code max} characters. */
  String text(String field, int max) {
    var node = field(field);
    if (node == null) {
      return null;
    }
    if (!node.isString()) {
      fail(field + " must be a string");
      return null;
    }
    var value = node.asString();
    if (value.length() > max) {
      fail(field + " is longer than " + max + " characters");
      return null;
    }
    return value;
  }

  /** A required number of any kind. */
  Number number(JsonNode parent, String path) {
    var node = parent == null ? null : parent.get(path);
    if (problem != null) {
      return null;
    }
    if (node == null || node.isNull()) {
      fail(path + " is missing");
      return null;
    }
    if (!node.isNumber()) {
      fail(path + " must be a number");
      return null;
    }
    return node.numberValue();
  }

  void fail(String reason) {
    if (problem == null) {
      problem = reason;
    }
  }

  Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  private JsonNode field(String field) {
    if (problem != null) {
      return null;
    }
    var node = record.get(field);
    if (node == null || node.isNull()) {
      fail(field + " is missing");
      return null;
    }
    return node;
  }
}
