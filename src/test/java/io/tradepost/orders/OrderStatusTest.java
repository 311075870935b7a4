package io.tradepost.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradepost.platform.Conflict;
import org.junit.jupiter.api.Test;

class OrderStatusTest {

  @Test
  void aConfirmedOrderCanBeCancelled() {
    assertThat(OrderStatus.CONFIRMED.transitionTo(OrderStatus.CANCELLED)).isEqualTo(OrderStatus.CANCELLED);
  }

  @Test
  void cancellingACancelledOrderIsRejected() {
    assertThatThrownBy(() -> OrderStatus.CANCELLED.transitionTo(OrderStatus.CANCELLED))
        .isInstanceOf(Conflict.class)
        .hasMessageContaining("CANCELLED");
  }

  @Test
  void aCancelledOrderNeverComesBack() {
    assertThat(OrderStatus.CANCELLED.canBecome(OrderStatus.CONFIRMED)).isFalse();
    assertThat(OrderStatus.CONFIRMED.canBecome(OrderStatus.CONFIRMED)).isFalse();
  }

  @Test
  void onlyConfirmedOrdersAreSpend() {
    assertThat(OrderStatus.CONFIRMED.isSpend()).isTrue();
    assertThat(OrderStatus.CANCELLED.isSpend()).isFalse();
  }
}
