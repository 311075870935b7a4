package io.tradepost.security;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A token bucket's shape: {@code permits} per {@code period}, holding at most {@code burst} tokens.
 * Written {@code 50/s}, {@code 3000/m} or {@code 100000/h}.
 */
record Rate(long permits, Duration period, long burst) {

  private static final Pattern TEXT = Pattern.compile("([1-9][0-9]{0,8})/([smh])");

  Rate {
    if (permits < 1 || burst < 1) {
      throw new IllegalArgumentException("A rate needs at least one permit and a burst of at least one");
    }
  }

  /** {@code 50/s} with {@code burst} tokens; {@code burst} 0 is one period's worth. */
  static Rate parse(String text, long burst) {
    var match = TEXT.matcher(text.trim());
    if (!match.matches()) {
      throw new IllegalArgumentException("A rate is N/s, N/m or N/h, N from 1 to 999999999; got '" + text + "'");
    }
    if (burst < 0 || burst > 1_000_000_000) {
      throw new IllegalArgumentException("A burst is from 1 to 1000000000");
    }
    long permits = Long.parseLong(match.group(1));
    var period = switch (match.group(2)) {
      case "s" -> Duration.ofSeconds(1);
      case "m" -> Duration.ofMinutes(1);
      default -> Duration.ofHours(1);
    };
    return new Rate(permits, period, burst == 0 ? permits : burst);
  }

  double perSecond() {
    return permits * 1e9 / period.toNanos();
  }

  /** As it was written: {@code 50/s}. */
  String text() {
    return permits + "/" + (period.toSeconds() == 1 ? "s" : period.toSeconds() == 60 ? "m" : "h");
  }
}
