package io.tradepost.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.Money;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class PlaceOrderTest {

  final JsonNodeFactory json = JsonNodeFactory.instance;

  @Test
  void anIntegerProductIdIsReadAsItsDecimalText() {
    var command = PlaceOrder.from(new PlaceOrder.Body(json.numberNode(1), 2L, "user-123"));
    assertThat(command).isEqualTo(new PlaceOrder("1", 2, "user-123"));
  }

  @Test
  void everyBadFieldIsReportedAtOnce() {
    assertThatThrownBy(() -> PlaceOrder.from(new PlaceOrder.Body(json.booleanNode(true), 0L, " ")))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors())
            .extracting(io.tradepost.platform.DomainException.FieldError::field)
            .containsExactlyInAnyOrder("product_id", "quantity", "buyer_id"));
  }

  @Test
  void theLargestPriceTimesTheLargestQuantityFitsInALong() {
    var largestTotal = BigInteger.valueOf(Money.MAX_MINOR).multiply(BigInteger.valueOf(PlaceOrder.MAX_QUANTITY));
    assertThat(largestTotal).isLessThan(BigInteger.valueOf(Long.MAX_VALUE));
  }

  @Test
  void anInvalidCommandCannotBeBuilt() {
    assertThatThrownBy(() -> new PlaceOrder("p1", 10_001, "b")).isInstanceOf(InvalidInput.class);
  }

  @Test
  void theFingerprintDiffersWhenTheMeaningDiffers() {
    var one = new PlaceOrder("p1", 1, "b").fingerprint();
    assertThat(new PlaceOrder("p1", 1, "b").fingerprint()).isEqualTo(one);
    assertThat(new PlaceOrder("p1", 2, "b").fingerprint()).isNotEqualTo(one);
    assertThat(new PlaceOrder("p1", 1, "c").fingerprint()).isNotEqualTo(one);
  }
}
