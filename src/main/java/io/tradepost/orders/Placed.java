package io.tradepost.orders;

import io.tradepost.platform.DomainException;

/** What placing one order came to: a confirmed order, or a refusal the client is answered with. */
sealed interface Placed {

  /** The order is stored, its stock taken and its sale in the ledger. */
  record Confirmed(Order order) implements Placed {}

  /** Nothing was stored: no such product ({@code NOT_FOUND}) or not enough stock ({@code OUT_OF_STOCK}). */
  record Refused(DomainException problem) implements Placed {}
}
