package io.tradepost.ledger;

/**
 * The fee on a sale: {@code floor(amount × rate) + fixed}, in minor units. Refunds carry no fee.
 *
 * @param basisPoints the percentage part in hundredths of a percent (2.9 % = 290)
 * @param fixed the fixed part in minor units (30 = 0.30)
 */
public record FeePolicy(long basisPoints, long fixed) {

  public FeePolicy {
    if (basisPoints < 0 || basisPoints > 10_000 || fixed < 0) {
      throw new IllegalArgumentException("Fee must be 0-100 % plus a non-negative fixed amount");
    }
  }

  public long feeFor(long amount) {
    return Math.floorDiv(amount * basisPoints, 10_000) + fixed;
  }
}
