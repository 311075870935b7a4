package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

  @Test
  void amountsWithUpToTwoDecimalsBecomeMinorUnits() {
    var check = new InvalidInput.Check();
    assertThat(Money.toMinorUnits(new BigDecimal("49.99"), "price", check)).isEqualTo(4999);
    assertThat(Money.toMinorUnits(new BigDecimal("49.9"), "price", check)).isEqualTo(4990);
    assertThat(Money.toMinorUnits(new BigDecimal("1.500"), "price", check)).isEqualTo(150);
    assertThat(Money.toMinorUnits(new BigDecimal("0"), "price", check)).isZero();
    check.done();
  }

  @Test
  void aThirdDecimalIsRejectedNotRounded() {
    var check = new InvalidInput.Check();
    assertThat(Money.toMinorUnits(new BigDecimal("9.999"), "price", check)).isEqualTo(-1);
    assertThat(check.failed("price")).isTrue();
  }

  @Test
  void minorUnitsShowWithTwoDecimals() {
    assertThat(Money.toDecimal(4990).toPlainString()).isEqualTo("49.90");
    assertThat(Money.toDecimal(-3702).toPlainString()).isEqualTo("-37.02");
  }
}
