package io.tradepost.platform;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an API key may do. Every route declares the one it needs with {@link RequiresScope}; {@link #PUBLIC}
 * routes (health, probes, the API documentation) need no key at all. {@link #ADMIN} grants every scope.
 */
public enum Scope {
  PUBLIC("public"),
  CATALOG_READ("catalog:read"),
  CATALOG_WRITE("catalog:write"),
  EVENTS_WRITE("events:write"),
  ORDERS_READ("orders:read"),
  ORDERS_WRITE("orders:write"),
  SETTLEMENT_READ("settlement:read"),
  SETTLEMENT_WRITE("settlement:write"),
  ANALYTICS_READ("analytics:read"),
  SYNC_READ("sync:read"),
  SYNC_WRITE("sync:write"),
  OPS_READ("ops:read"),
  OPS_WRITE("ops:write"),
  ADMIN("admin");

  /** The OpenAPI extension that carries an operation's scope in the document. */
  public static final String DOCUMENT_EXTENSION = "x-required-scope";

  private final String value;

  Scope(String value) {
    this.value = value;
  }

  /** The scope as keys carry it: {@code orders:write}. */
  public String value() {
    return value;
  }

  /** A scope a key can be given (not {@link #PUBLIC}), by its value. */
  public static Optional<Scope> grantable(String value) {
    return Arrays.stream(values()).filter(s -> s != PUBLIC && s.value.equals(value)).findFirst();
  }
}
