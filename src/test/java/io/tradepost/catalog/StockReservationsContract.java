package io.tradepost.catalog;

import static io.tradepost.support.TestProducts.aProduct;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.MigratedDatabase;
import io.tradepost.support.RequiresDatabase;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stock reservations on one real database (a subclass per database), with Flyway and the dialect only. */
abstract class StockReservationsContract {

  MigratedDatabase db;
  StockReservations stock;

  @BeforeEach
  void reservations() {
    db = MigratedDatabase.of(getClass().getAnnotation(RequiresDatabase.class).value());
    stock = TestCatalog.stockReservations(db);
  }

  @Test
  void quantitiesAreGrantedInTheOrderGivenWhileStockLastsAndStockNeverGoesBelowZero() {
    var product = aProduct().withStock(5).insertInto(db.jdbc);

    var reservation = db.transaction.execute(status -> stock.reserve(Map.of(product, List.of(2L, 4L, 3L, 1L))))
        .get(product);

    assertThat(reservation.granted()).containsExactly(true, false, true, false);
    assertThat(reservation.remaining()).isZero();
    assertThat(reservation.product().stock()).as("as it was before").isEqualTo(5);
    assertThat(stock.committedStock(List.of(product))).containsEntry(product, 0L);
  }

  @Test
  void productsThatDoNotExistGetNoReservation() {
    var known = aProduct().withStock(1).insertInto(db.jdbc);

    var reservations = db.transaction.execute(status ->
        stock.reserve(Map.of(known, List.of(1L), "p-nobody-has-this", List.of(1L))));

    assertThat(reservations).containsOnlyKeys(known);
    assertThat(stock.committedStock(List.of(known, "p-nobody-has-this"))).containsOnly(Map.entry(known, 0L));
  }

  @Test
  void aReservationRolledBackTakesNothingAndReleasedStockComesBack() {
    var product = aProduct().withStock(3).insertInto(db.jdbc);

    db.transaction.executeWithoutResult(status -> {
      stock.reserve(Map.of(product, List.of(3L)));
      status.setRollbackOnly();
    });
    assertThat(stock.committedStock(List.of(product))).containsEntry(product, 3L);

    db.transaction.executeWithoutResult(status -> stock.reserve(Map.of(product, List.of(2L))));
    db.transaction.executeWithoutResult(status -> stock.release(product, 2));

    assertThat(stock.committedStock(List.of(product))).containsEntry(product, 3L);
    assertThat(db.jdbc.sql("SELECT version FROM products WHERE id = ?").param(product).query(Long.class).single())
        .as("a version per change").isEqualTo(3);
  }

  @Test
  void idsThatDifferOnlyInCaseAreTwoProducts() {
    var mixed = "p-Case-" + UUID.randomUUID().toString().substring(0, 8);
    var lower = mixed.toLowerCase(Locale.ROOT);
    aProduct().withId(mixed).withStock(4).insertInto(db.jdbc);
    aProduct().withId(lower).withStock(4).insertInto(db.jdbc);

    db.transaction.executeWithoutResult(status -> stock.reserve(Map.of(mixed, List.of(4L))));

    assertThat(stock.committedStock(List.of(mixed, lower))).containsEntry(mixed, 0L).containsEntry(lower, 4L);
  }
}
