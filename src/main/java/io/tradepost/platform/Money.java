package io.tradepost.platform;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/**
 * Money is stored as integer minor units (cents) and shown in JSON as a decimal with two places.
 * Input with more than two decimals is rejected, never rounded.
 */
public final class Money {

  /** Largest amount accepted from a client: 10^13 minor units keeps every sum far from overflow. */
  public static final long MAX_MINOR = 10_000_000_000_000L;
  /** {@link #MAX_MINOR} in major units, as the API document states it. */
  public static final String MAX_DECIMAL = "100000000000.00";

  /** Digits before the decimal point of {@link #MAX_MINOR} in major units (10^11). */
  private static final int MAX_WHOLE_DIGITS = 12;

  private Money() {}

  public static BigDecimal toDecimal(long minorUnits) {
    return BigDecimal.valueOf(minorUnits, 2);
  }

  /** Minor units as a decimal with two places, for sums that may not fit a long. */
  public static BigDecimal toDecimal(BigDecimal minorUnits) {
    return minorUnits.movePointLeft(2).setScale(2);
  }

  /**
   * Checks a client amount; adds a field error and returns -1 when it is not valid money. Size and
   * decimals are read from precision and scale before any arithmetic: {@code 1e10000000} is a
   * BigDecimal of one digit whose expansion would take seconds of CPU.
   */
  public static long toMinorUnits(BigDecimal amount, String field, InvalidInput.Check check) {
    if (amount.signum() < 0) {
      check.add(field, "must not be negative");
      return -1;
    }
    if (amount.signum() > 0 && amount.precision() - amount.scale() > MAX_WHOLE_DIGITS) {
      return tooLarge(field, check);
    }
    if (amount.scale() > 2 && amount.stripTrailingZeros().scale() > 2) {
      check.add(field, "must have at most two decimal places");
      return -1;
    }
    long minor = amount.movePointRight(2).longValueExact();
    return minor > MAX_MINOR ? tooLarge(field, check) : minor;
  }

  /** Checks a JSON amount, which Jackson reads as a double (infinite past 1e308) or a BigDecimal. */
  public static long toMinorUnits(JsonNode amount, String field, InvalidInput.Check check) {
    if (!amount.isNumber()) {
      check.add(field, "must be a number");
      return -1;
    }
    if (amount.isDouble() && !Double.isFinite(amount.doubleValue())) {
      return tooLarge(field, check);
    }
    return toMinorUnits(amount.decimalValue(), field, check);
  }

  private static long tooLarge(String field, InvalidInput.Check check) {
    check.add(field, "must be at most " + toDecimal(MAX_MINOR).toPlainString());
    return -1;
  }
}
