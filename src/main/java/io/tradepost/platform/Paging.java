package io.tradepost.platform;

/** Limit/offset paging as every list route takes it: limit 1–100, offset ≥ 0, else 400. */
public final class Paging {

  public static final int MAX_LIMIT = 100;

  private Paging() {}

  public static void check(int limit, long offset) {
    new InvalidInput.Check()
        .require(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT)
        .require(offset >= 0, "offset", "must not be negative")
        .done();
  }
}
