package io.tradepost.orders;

import io.tradepost.platform.DomainException;
import org.springframework.http.HttpStatus;

/** The order module's own refusals. */
final class OrderProblems {

  private OrderProblems() {}

  static final class OutOfStock extends DomainException {
    private OutOfStock(String productId, long quantity) {
      super(HttpStatus.CONFLICT, "OUT_OF_STOCK",
          "Insufficient stock: product '" + productId + "' has fewer than " + quantity + " left");
    }

    static OutOfStock forProduct(String productId, long quantity) {
      return new OutOfStock(productId, quantity);
    }
  }

  static final class KeyReused extends DomainException {
    private KeyReused(String key) {
      super(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED",
          "Idempotency-Key '" + key + "' was already used with a different request body");
    }

    static KeyReused of(String key) {
      return new KeyReused(key);
    }
  }

  static final class KeyInFlight extends DomainException {
    private KeyInFlight(String key) {
      super(HttpStatus.CONFLICT, "IDEMPOTENCY_KEY_IN_FLIGHT",
          "A request with Idempotency-Key '" + key + "' is still being processed; retry shortly");
    }

    static KeyInFlight of(String key) {
      return new KeyInFlight(key);
    }
  }
}
