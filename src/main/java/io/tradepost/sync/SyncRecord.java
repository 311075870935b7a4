package io.tradepost.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One normalised upstream record, with its content hash: SHA-256 of its canonical JSON (keys sorted
 * at every level), so the same content always hashes the same whatever order the API sent it in.
 */
record SyncRecord(String externalId, String title, String body, String attributes, String hash) {

  static final int MAX_TITLE = 500;
  private static final ObjectMapper CANONICAL = JsonMapper.builder().build();

  static SyncRecord of(String externalId, String title, String body, Map<String, Object> attributes) {
    var sortedAttributes = sorted(attributes);
    var canonical = new TreeMap<String, Object>();
    canonical.put("external_id", externalId);
    canonical.put("title", title);
    canonical.put("body", body);
    canonical.put("attributes", sortedAttributes);
    return new SyncRecord(externalId, title, body, CANONICAL.writeValueAsString(sortedAttributes),
        sha256(CANONICAL.writeValueAsString(canonical)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sorted(Map<String, Object> map) {
    var sorted = new TreeMap<String, Object>();
    map.forEach((k, v) -> sorted.put(k, v instanceof Map<?, ?> m ? sorted((Map<String, Object>) m) : v));
    return sorted;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }

  /** A record that failed validation: kept with the reason and the raw JSON, never stored as an item. */
  record Reject(String externalId, String reason, String raw) {}
}
