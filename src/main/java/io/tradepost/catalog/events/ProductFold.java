package io.tradepost.catalog.events;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One product's events of a batch, folded: each field from the newest event that carried it, with
 * that event's sequence, which the guarded update compares with the sequence the product's field
 * was last written by. A field no event carried keeps sequence 0 and is never written.
 */
final class ProductFold {

  final String productId;
  String name;
  String merchantId;
  Long price;
  Long stock;
  long nameSeq;
  long merchantSeq;
  long priceSeq;
  long stockSeq;
  long lastSeq;

  ProductFold(String productId) {
    this.productId = productId;
  }

  /**
   * Folds events given in sequence order, one fold per product, in product id order: two appliers
   * touching the same products lock them in the same order.
   */
  static List<ProductFold> of(List<InboxEvent> events) {
    var folds = new TreeMap<String, ProductFold>();
    for (var e : events) {
      folds.computeIfAbsent(e.productId(), ProductFold::new).add(e);
    }
    return new ArrayList<>(folds.values());
  }

  /** Events arrive in sequence order, so a later one simply overrides. */
  void add(InboxEvent e) {
    lastSeq = e.seq();
    if (e.name() != null) {
      name = e.name();
      nameSeq = e.seq();
    }
    if (e.merchantId() != null) {
      merchantId = e.merchantId();
      merchantSeq = e.seq();
    }
    if (e.price() != null) {
      price = e.price();
      priceSeq = e.seq();
    }
    if (e.stock() != null) {
      stock = e.stock();
      stockSeq = e.seq();
    }
  }
}
