package io.tradepost.settlement;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tradepost.platform.InvalidInput;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * What a settlement job settles: the local days {@code from}..{@code to} (both inclusive, at most
 * {@value #MAX_DAYS}) in {@code zone}, which decides where each day begins and ends.
 */
record SettlementRange(LocalDate from, LocalDate to, ZoneId zone) {

  static final int MAX_DAYS = 366;

  SettlementRange {
    if (from == null || to == null || zone == null || to.isBefore(from) || days(from, to) > MAX_DAYS) {
      throw new IllegalArgumentException("Not a valid settlement range: " + from + ".." + to + " " + zone);
    }
  }

  /** The request body as a client sends it: dates as {@code YYYY-MM-DD}, an optional IANA zone. */
  record Body(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, type = "string", format = "date", example = "2024-01-01") Object from,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, type = "string", format = "date",
          description = "Inclusive; at most 366 days after from", example = "2024-01-31") Object to,
      @Schema(type = "string", description = "IANA time zone; UTC when absent", example = "UTC") Object timezone) {}

  /** Checks a request body; every complaint at once, as 400 {@code VALIDATION_FAILED}. */
  static SettlementRange from(Body body) {
    var check = new InvalidInput.Check();
    if (body == null) {
      throw InvalidInput.field("body", "is required");
    }
    var from = date(body.from(), "from", check);
    var to = date(body.to(), "to", check);
    var zone = zone(body.timezone(), check);
    if (from != null && to != null) {
      check.require(!to.isBefore(from), "to", "must not be before from");
      check.require(to.isBefore(from) || days(from, to) <= MAX_DAYS, "to",
          "the range must be at most " + MAX_DAYS + " days");
    }
    check.done();
    return new SettlementRange(from, to, zone);
  }

  long days() {
    return days(from, to);
  }

  /** When {@code day} begins in this range's zone (DST-aware: a local day may last 23 or 25 hours). */
  Instant startOf(LocalDate day) {
    return day.atStartOfDay(zone).toInstant();
  }

  Instant start() {
    return startOf(from);
  }

  Instant end() {
    return startOf(to.plusDays(1));
  }

  private static long days(LocalDate from, LocalDate to) {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }

  private static LocalDate date(Object value, String field, InvalidInput.Check check) {
    if (value == null) {
      check.add(field, "is required");
      return null;
    }
    if (value instanceof String text && text.matches("\\d{4}-\\d{2}-\\d{2}")) {
      try {
        return LocalDate.parse(text);
      } catch (DateTimeException e) {
        check.add(field, "is not a calendar date");
        return null;
      }
    }
    check.add(field, "must be a date as YYYY-MM-DD");
    return null;
  }

  private static ZoneId zone(Object value, InvalidInput.Check check) {
    if (value == null) {
      return ZoneId.of("UTC");
    }
    if (value instanceof String name && ZoneId.getAvailableZoneIds().contains(name)) {
      return ZoneId.of(name);
    }
    check.add("timezone", "must be an IANA time zone such as UTC or Asia/Jakarta");
    return null;
  }
}
