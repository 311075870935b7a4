package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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
  void hugeExponentsAreRefusedWithoutExpandingThem() {
    var amounts = List.of("1e10000000", "1e400", "1e-10000000", "99999999999999999999.99", "100000000000.01");
    var checks = new ArrayList<InvalidInput.Check>();
    var results = new ArrayList<Long>();
    long start = System.nanoTime();
    for (var amount : amounts) {
      var check = new InvalidInput.Check();
      results.add(Money.toMinorUnits(new BigDecimal(amount), "price", check));
      checks.add(check);
    }
    long took = System.nanoTime() - start;

    assertThat(results).containsOnly(-1L);
    assertThat(checks).allMatch(check -> check.failed("price"));
    // Expanding 1e10000000 to minor units took over 2 s of CPU.
    assertThat(took).isLessThan(50_000_000L);
  }

  @Test
  void theLargestAmountAndZeroWithAnyExponentAreAccepted() {
    var check = new InvalidInput.Check();
    assertThat(Money.toMinorUnits(new BigDecimal("100000000000.00"), "price", check)).isEqualTo(Money.MAX_MINOR);
    assertThat(Money.toMinorUnits(new BigDecimal("0e10000000"), "price", check)).isZero();
    assertThat(Money.toMinorUnits(new BigDecimal("0e-10000000"), "price", check)).isZero();
    assertThat(Money.toMinorUnits(new BigDecimal("1e2"), "price", check)).isEqualTo(10_000);
    check.done();
  }

  @Test
  void minorUnitsShowWithTwoDecimals() {
    assertThat(Money.toDecimal(4990).toPlainString()).isEqualTo("49.90");
    assertThat(Money.toDecimal(-3702).toPlainString()).isEqualTo("-37.02");
  }
}
