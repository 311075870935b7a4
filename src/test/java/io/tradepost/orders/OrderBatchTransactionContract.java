package io.tradepost.orders;

import static io.tradepost.support.TestProducts.aProduct;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.catalog.TestCatalog;
import io.tradepost.ledger.TestLedger;
import io.tradepost.support.MigratedDatabase;
import io.tradepost.support.RequiresDatabase;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import tools.jackson.databind.json.JsonMapper;

/**
 * One batch of orders settled in one transaction on the calling thread, on one real database (a
 * subclass per database), with Flyway and the dialect only: no lanes, workers or web server.
 */
abstract class OrderBatchTransactionContract {

  MigratedDatabase db;
  OrderBatch batches;

  @BeforeEach
  void batch() {
    db = MigratedDatabase.of(getClass().getAnnotation(RequiresDatabase.class).value());
    var properties = new Binder(List.of()).bindOrCreate("tradepost.orders", OrdersProperties.class);
    batches = new OrderBatch(db.transaction, TestCatalog.stockReservations(db), new OrderRepository(db.jdbc),
        TestLedger.of(db), new IdempotencyKeys(db.jdbc, db.template, Clock.systemUTC(), properties),
        JsonMapper.builder().build(), Clock.systemUTC());
  }

  @Test
  void aBatchGrantsEachProductsOrdersInArrivalOrderAndStoresTheConfirmedOnesWithTheirSales() {
    var lamp = aProduct().withStock(3).withPrice(1_000).insertInto(db.jdbc);
    var desk = aProduct().withStock(1).withPrice(5_000).insertInto(db.jdbc);
    var batch = List.of(request(lamp, 2), request(desk, 1), request(lamp, 2), request(lamp, 1), request("p-none", 1));

    var remaining = batches.settle(batch, Set.of());

    assertThat(batch).allSatisfy(r -> assertThat(r.result()).as("answered before settle returns").isDone());
    assertThat(batch.stream().map(r -> outcome(r.result().join())).toList())
        .containsExactly("CONFIRMED", "CONFIRMED", "OUT_OF_STOCK", "CONFIRMED", "NOT_FOUND");
    assertThat(remaining).containsEntry(lamp, 0L).containsEntry(desk, 0L);
    var confirmed = batch.stream().map(r -> r.result().join()).filter(Placed.Confirmed.class::isInstance)
        .map(p -> ((Placed.Confirmed) p).order().id()).toList();
    assertThat(db.jdbc.sql("SELECT COUNT(*) FROM orders WHERE product_id IN (?, ?)").params(lamp, desk)
        .query(Long.class).single()).isEqualTo(3);
    assertThat(db.jdbc.sql("SELECT COUNT(*) FROM ledger_transactions WHERE order_id IN (?, ?, ?)")
        .params(confirmed.get(0), confirmed.get(1), confirmed.get(2)).query(Long.class).single()).isEqualTo(3);
  }

  @Test
  void ordersOfAProductHintedSoldOutAreRefusedFromItsCommittedStockWithoutBeingStored() {
    var lamp = aProduct().withStock(1).insertInto(db.jdbc);
    var batch = List.of(request(lamp, 2), request(lamp, 3));

    var remaining = batches.settle(batch, Set.of(lamp));

    assertThat(batch.stream().map(r -> outcome(r.result().join())).toList()).containsExactly("OUT_OF_STOCK", "OUT_OF_STOCK");
    assertThat(remaining).as("no transaction took place").isEmpty();
    assertThat(db.jdbc.sql("SELECT COUNT(*) FROM orders WHERE product_id = ?").param(lamp).query(Long.class).single())
        .isZero();
  }

  static OrderBatch.Request request(String productId, long quantity) {
    return new OrderBatch.Request(new PlaceOrder(productId, quantity, "b-" + UUID.randomUUID().toString().substring(0, 8)),
        null, new CompletableFuture<>());
  }

  static String outcome(Placed placed) {
    return placed instanceof Placed.Refused refused ? refused.problem().code() : "CONFIRMED";
  }
}
