package io.tradepost.orders;

import java.time.Instant;

/** An order as stored. {@code totalCents = unitPrice × quantity}, fixed when it was placed. */
record Order(
    String id, String productId, String merchantId, String buyerId, long quantity, long unitPrice, long totalCents,
    OrderStatus status, Instant createdAt, Instant updatedAt) {}
