package io.tradepost.support;

/** Small builders for request bodies used across tests. */
public final class Json {

  private Json() {}

  public static String product(String name, String merchant, String price, long stock) {
    return """
        {"name":"%s","merchant_id":"%s","price":%s,"stock":%d}""".formatted(name, merchant, price, stock);
  }

  public static String order(String productId, long quantity, String buyer) {
    return """
        {"product_id":"%s","quantity":%d,"buyer_id":"%s"}""".formatted(productId, quantity, buyer);
  }
}
