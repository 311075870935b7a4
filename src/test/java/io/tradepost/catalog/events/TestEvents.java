package io.tradepost.catalog.events;

/** Product-update events as test data: {@code anEvent(productId).withStock(5)}; absent fields stay null. */
final class TestEvents {

  private final String productId;
  private String eventId;
  private String name;
  private String merchantId;
  private Long price;
  private Long stock;

  private TestEvents(String productId) {
    this.productId = productId;
  }

  static TestEvents anEvent(String productId) {
    return new TestEvents(productId);
  }

  TestEvents withEventId(String eventId) {
    this.eventId = eventId;
    return this;
  }

  TestEvents withName(String name) {
    this.name = name;
    return this;
  }

  TestEvents withMerchant(String merchantId) {
    this.merchantId = merchantId;
    return this;
  }

  /** In minor units. */
  TestEvents withPrice(long price) {
    this.price = price;
    return this;
  }

  TestEvents withStock(long stock) {
    this.stock = stock;
    return this;
  }

  ProductEvent build() {
    return new ProductEvent(productId, eventId, name, merchantId, price, stock);
  }
}
