package io.tradepost.orders;

import io.tradepost.catalog.StockReservations;
import io.tradepost.ledger.Ledger;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.NotFound;
import io.tradepost.platform.Problems;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Settles a batch of orders, whatever their products, in one transaction that locks its products in
 * id order, grants each product's orders in arrival order while its stock lasts, takes the stock with
 * one guarded update per product (sent as one JDBC batch) and stores the orders, their ledger sales
 * and their idempotent responses with one statement each. Round trips and the commit are shared by
 * the whole batch instead of paid per order. Runs on the caller's thread; which orders wait together
 * is {@link OrderDesk}'s business.
 */
@Component
class OrderBatch {

  private static final Logger log = LoggerFactory.getLogger(OrderBatch.class);

  private final TransactionTemplate transactions;
  private final StockReservations stock;
  private final OrderRepository orders;
  private final Ledger ledger;
  private final IdempotencyKeys idempotency;
  private final ObjectMapper json;
  private final Clock clock;

  OrderBatch(TransactionTemplate transactions, StockReservations stock, OrderRepository orders, Ledger ledger,
      IdempotencyKeys idempotency, ObjectMapper json, Clock clock) {
    this.transactions = transactions;
    this.stock = stock;
    this.orders = orders;
    this.ledger = ledger;
    this.idempotency = idempotency;
    this.json = json;
    this.clock = clock;
  }

  /** An order waiting to be settled; {@code result} is completed when it is (or fails). */
  record Request(PlaceOrder command, IdempotencyKeys.Claim claim, CompletableFuture<Placed> result) {}

  /**
   * Settles the batch and completes every request's result.
   *
   * @param soldOut products that had no stock left after their last batch: a hint, checked here
   * @return the stock each product of a stored batch has left (for the next call's hint)
   */
  Map<String, Long> settle(List<Request> batch, Collection<String> soldOut) {
    var rest = refuseWhereSoldOut(soldOut, batch);
    var remaining = new HashMap<String, Long>();
    if (!rest.isEmpty()) {
      settle(rest, remaining);
    }
    return remaining;
  }

  /**
   * Refuses the orders of products that were sold out after their last batch and still are, from
   * one unlocked read of their stock, and returns the orders left to settle. Once a product sells
   * out, refusals are most of its traffic (400 of a 500-order burst on 100 in stock); this spares
   * each of their batches a row lock and a commit, which the next orders would wait for. An order
   * that asks for more than the committed stock is refused correctly without a lock: no lock can
   * make more stock appear at that moment. Products with an order that carries an Idempotency-Key
   * take the usual way, which stores its response.
   */
  private List<Request> refuseWhereSoldOut(Collection<String> soldOutHints, List<Request> batch) {
    var soldOut = new HashMap<String, List<Request>>();
    for (var productId : soldOutHints) {
      soldOut.put(productId, new ArrayList<>());
    }
    if (soldOut.isEmpty()) {
      return batch;
    }
    for (var request : batch) {
      var requests = soldOut.get(request.command().productId());
      if (requests != null) {
        requests.add(request);
      }
    }
    soldOut.values().removeIf(requests -> requests.stream().anyMatch(r -> r.claim() != null));
    Map<String, Long> committed;
    try {
      committed = soldOut.isEmpty() ? Map.of() : stock.committedStock(soldOut.keySet());
    } catch (RuntimeException e) {
      return batch; // the usual way reports what is wrong with the database
    }
    var refused = Collections.newSetFromMap(new IdentityHashMap<Request, Boolean>());
    soldOut.forEach((productId, requests) -> {
      var left = committed.get(productId);
      if (left != null && requests.stream().allMatch(r -> r.command().quantity() > left)) {
        refused.addAll(requests);
      }
    });
    if (refused.isEmpty()) {
      return batch;
    }
    var rest = new ArrayList<Request>(batch.size() - refused.size());
    for (var request : batch) {
      if (refused.contains(request)) {
        request.result().complete(new Placed.Refused(
            OrderProblems.OutOfStock.forProduct(request.command().productId(), request.command().quantity())));
      } else {
        rest.add(request);
      }
    }
    return rest;
  }

  /**
   * Settles the batch in one transaction. When one of its statements fails, the transaction rolls
   * back and the orders are settled one by one, so an order that cannot be stored fails alone.
   * Failing to connect or to commit fails the whole batch: after a failed commit it is unknown
   * whether the orders were stored, and storing them again could sell twice.
   */
  private void settle(List<Request> batch, Map<String, Long> remaining) {
    try {
      answer(batch, transactions.execute(status -> store(batch, remaining)));
    } catch (StatementFailed failed) {
      if (batch.size() == 1) {
        batch.get(0).result().completeExceptionally(failed.getCause());
        return;
      }
      log.warn("A batch of {} orders failed ({}); settling them one by one", batch.size(), failed.getCause().toString());
      settleOneByOne(batch, remaining);
    } catch (RuntimeException e) {
      batch.forEach(r -> r.result().completeExceptionally(e));
    }
  }

  private void settleOneByOne(List<Request> batch, Map<String, Long> remaining) {
    RuntimeException unreachable = null;
    for (var request : batch) {
      if (unreachable == null) {
        try {
          answer(List.of(request), transactions.execute(status -> store(List.of(request), remaining)));
          continue;
        } catch (StatementFailed failed) {
          request.result().completeExceptionally(failed.getCause());
          continue;
        } catch (RuntimeException e) {
          unreachable = e;
        }
      }
      request.result().completeExceptionally(unreachable);
    }
  }

  private static void answer(List<Request> batch, List<Placed> placed) {
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(placed.get(i));
    }
  }

  /**
   * Writes one batch inside the current transaction; outcomes in the batch's order. Notes in
   * {@code remaining} the stock each product has left.
   */
  private List<Placed> store(List<Request> batch, Map<String, Long> remaining) {
    try {
      var quantities = new HashMap<String, List<Long>>();
      for (var request : batch) {
        quantities.computeIfAbsent(request.command().productId(), id -> new ArrayList<>())
            .add(request.command().quantity());
      }
      var reservations = stock.reserve(quantities);
      reservations.forEach((id, reservation) -> remaining.put(id, reservation.remaining()));
      var grants = new HashMap<String, Iterator<Boolean>>();
      reservations.forEach((id, reservation) -> grants.put(id, reservation.granted().iterator()));
      var now = DbTime.now(clock);
      var placed = new ArrayList<Placed>(batch.size());
      var confirmed = new ArrayList<Order>(batch.size());
      for (var request : batch) {
        var command = request.command();
        var grant = grants.get(command.productId());
        if (grant == null) {
          placed.add(new Placed.Refused(NotFound.of("product", command.productId())));
        } else if (!grant.next()) {
          placed.add(new Placed.Refused(OrderProblems.OutOfStock.forProduct(command.productId(), command.quantity())));
        } else {
          var product = reservations.get(command.productId()).product();
          var merchant = product.merchantId() == null ? "unassigned" : product.merchantId();
          var order = new Order(UUID.randomUUID().toString(), command.productId(), merchant, command.buyerId(),
              command.quantity(), product.price(), Math.multiplyExact(product.price(), command.quantity()),
              OrderStatus.CONFIRMED, now, now);
          confirmed.add(order);
          placed.add(new Placed.Confirmed(order));
        }
      }
      if (!confirmed.isEmpty()) {
        orders.insertAll(confirmed);
        ledger.recordSales(confirmed.stream()
            .map(o -> new Ledger.Sale(o.id(), o.merchantId(), o.totalCents(), o.createdAt()))
            .toList());
      }
      var responses = new LinkedHashMap<IdempotencyKeys.Claim, IdempotencyKeys.Stored>();
      for (int i = 0; i < batch.size(); i++) {
        if (batch.get(i).claim() != null) {
          responses.put(batch.get(i).claim(), response(placed.get(i)));
        }
      }
      idempotency.complete(responses);
      return placed;
    } catch (RuntimeException e) {
      throw new StatementFailed(e);
    }
  }

  /** The response a client got, as stored for replay under its Idempotency-Key. */
  private IdempotencyKeys.Stored response(Placed placed) {
    if (placed instanceof Placed.Refused refused) {
      return new IdempotencyKeys.Stored(refused.problem().status().value(),
          json.writeValueAsString(Problems.of(refused.problem())));
    }
    var order = ((Placed.Confirmed) placed).order();
    return new IdempotencyKeys.Stored(201, json.writeValueAsString(OrderView.of(order, null)));
  }

  /** A failure inside a batch's transaction, which therefore rolled back: nothing of it was stored. */
  private static final class StatementFailed extends RuntimeException {
    StatementFailed(RuntimeException cause) {
      super(cause);
    }
  }
}
