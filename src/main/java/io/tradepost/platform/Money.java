package io.tradepost.platform;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money is stored as integer minor units (cents) and shown in JSON as a decimal with two places.
 * Input with more than two decimals is rejected, never rounded.
 */
public final class Money {

  /** Largest amount accepted from a client: 10^13 minor units keeps every sum far from overflow. */
  public static final long MAX_MINOR = 10_000_000_000_000L;

  private Money() {}

  public static BigDecimal toDecimal(long minorUnits) {
    return BigDecimal.valueOf(minorUnits, 2);
  }

  /** Checks a client amount; adds a field error and returns -1 when it is not valid money. */
  public static long toMinorUnits(BigDecimal amount, String field, InvalidInput.Check check) {
    if (amount.signum() < 0) {
      check.add(field, "must not be negative");
      return -1;
    }
    if (amount.stripTrailingZeros().scale() > 2) {
      check.add(field, "must have at most two decimal places");
      return -1;
    }
    var minor = amount.setScale(2, RoundingMode.UNNECESSARY).unscaledValue();
    if (minor.compareTo(BigDecimal.valueOf(MAX_MINOR).toBigInteger()) > 0) {
      check.add(field, "must be at most " + toDecimal(MAX_MINOR).toPlainString());
      return -1;
    }
    return minor.longValueExact();
  }
}
