package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProductFoldTest {

  static final LocalDateTime RECEIVED = LocalDateTime.of(2026, 1, 1, 0, 0);

  @Test
  void eachFieldComesFromTheNewestEventThatCarriedIt() {
    var fold = ProductFold.of(List.of(
        event(1, "p1", "Lamp", "m1", 1000L, 5L),
        event(2, "p1", null, null, 1200L, null),
        event(3, "p1", "Desk lamp", null, null, null))).get(0);

    assertThat(fold.name).isEqualTo("Desk lamp");
    assertThat(fold.nameSeq).isEqualTo(3);
    assertThat(fold.merchantId).isEqualTo("m1");
    assertThat(fold.merchantSeq).isEqualTo(1);
    assertThat(fold.price).isEqualTo(1200L);
    assertThat(fold.priceSeq).isEqualTo(2);
    assertThat(fold.stock).isEqualTo(5L);
    assertThat(fold.stockSeq).isEqualTo(1);
    assertThat(fold.lastSeq).isEqualTo(3);
  }

  @Test
  void aFieldNoEventCarriedIsLeftUnwritten() {
    var fold = ProductFold.of(List.of(event(7, "p1", null, null, null, 3L))).get(0);

    assertThat(fold.name).isNull();
    assertThat(fold.nameSeq).as("no product field is older than sequence 0: the guard never writes it").isZero();
    assertThat(fold.priceSeq).isZero();
    assertThat(fold.stockSeq).isEqualTo(7);
  }

  @Test
  void productsAreFoldedApartAndComeOutInIdOrderSoWritersLockThemInOneOrder() {
    var folds = ProductFold.of(List.of(
        event(1, "p9", null, null, null, 1L),
        event(2, "p10", null, null, null, 2L),
        event(3, "p9", null, null, null, 3L),
        event(4, "a1", null, null, null, 4L)));

    assertThat(folds).extracting(f -> f.productId).containsExactly("a1", "p10", "p9");
    assertThat(folds).extracting(f -> f.stock).containsExactly(4L, 2L, 3L);
  }

  static InboxEvent event(long seq, String productId, String name, String merchantId, Long price, Long stock) {
    return new InboxEvent(seq, productId, name, merchantId, price, stock, RECEIVED);
  }
}
