package io.tradepost.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class FeePolicyTest {

  final FeePolicy standard = new LedgerProperties(new BigDecimal("2.9"), new BigDecimal("0.30")).feePolicy();

  @Test
  void theFeeIsTheFlooredPercentagePlusTheFixedPart() {
    assertThat(standard.feeFor(10_000)).isEqualTo(290 + 30);
    assertThat(standard.feeFor(3_702)).isEqualTo(107 + 30); // 107.358 floors to 107
    assertThat(standard.feeFor(100)).isEqualTo(2 + 30);
    assertThat(standard.feeFor(34)).isEqualTo(30); // 0.986 floors to 0
  }

  @Test
  void aFeeOutsideZeroToAHundredPercentIsRejected() {
    assertThatThrownBy(() -> new FeePolicy(10_001, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FeePolicy(100, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
