package io.tradepost.platform;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps are stored as UTC in plain {@code TIMESTAMP(6)}/{@code DATETIME(6)} columns, which every
 * supported database and driver reads and writes the same way as {@link LocalDateTime}.
 */
public final class DbTime {

  private DbTime() {}

  public static LocalDateTime toDb(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  public static Instant fromDb(LocalDateTime value) {
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  /** Databases keep microseconds; truncating first makes what we answer equal what we store. */
  public static Instant now(java.time.Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
