package io.tradepost.catalog;

import java.time.Instant;

/** A product as stored: price in minor units, stock never negative. */
public record Product(
    String id, String name, String merchantId, long price, long stock, long version, Instant updatedAt) {}
