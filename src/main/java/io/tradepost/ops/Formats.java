package io.tradepost.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write times and numbers (as {@code fmt} in the templates): UTC, short, never null. */
final class Formats {

  static final Formats INSTANCE = new Formats();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  private Formats() {}

  public String time(Instant instant) {
    return instant == null ? "—" : TIME.format(instant);
  }

  public String number(double value) {
    return value >= 100 || value == Math.rint(value)
        ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
  }

  public String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  public String duration(Instant from, Instant to) {
    if (from == null || to == null) {
      return "—";
    }
    var d = Duration.between(from, to);
    return d.toSeconds() >= 60 ? d.toMinutes() + " min " + d.toSecondsPart() + " s"
        : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
