package io.tradepost.orders;

import io.tradepost.platform.Conflict;
import java.util.EnumSet;
import java.util.Set;

/**
 * The order lifecycle. An order is stored CONFIRMED when its stock was taken; the only way on is
 * CONFIRMED → CANCELLED. Every status change goes through {@link #transitionTo}.
 */
public enum OrderStatus {
  CONFIRMED,
  CANCELLED;

  private Set<OrderStatus> next() {
    return switch (this) {
      case CONFIRMED -> EnumSet.of(CANCELLED);
      case CANCELLED -> EnumSet.noneOf(OrderStatus.class);
    };
  }

  /** Whether an order in this status is money the buyer spent (cancelled orders are not). */
  public boolean isSpend() {
    return this == CONFIRMED;
  }

  public boolean canBecome(OrderStatus target) {
    return next().contains(target);
  }

  /** @throws Conflict {@code INVALID_STATE_TRANSITION} when the lifecycle does not allow it */
  public OrderStatus transitionTo(OrderStatus target) {
    if (!canBecome(target)) {
      throw Conflict.of("INVALID_STATE_TRANSITION",
          "An order that is " + this + " cannot become " + target);
    }
    return target;
  }
}
