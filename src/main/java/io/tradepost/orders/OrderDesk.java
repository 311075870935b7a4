package io.tradepost.orders;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.tradepost.catalog.StockReservations;
import io.tradepost.ledger.Ledger;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.DomainException;
import io.tradepost.platform.NotFound;
import io.tradepost.platform.Problems;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Places and cancels orders.
 *
 * <p>Orders that wait at the same time are settled together, whatever their products: a batch is
 * one transaction that locks its products in id order, grants each product's orders in arrival
 * order while its stock lasts, takes the stock with one guarded update per product (sent as one
 * JDBC batch) and stores the orders, their ledger sales and their idempotent responses with one
 * statement each. Round trips and the commit are shared by the whole batch instead of paid per order.
 *
 * <p>Each product has a lane: its waiting orders in arrival order. A lane is in at most one batch at
 * a time, so a product's orders are granted in arrival order and two batches in flight never lock
 * the same product. Lanes with orders waiting queue up as ready, and each of up to {@code workers}
 * worker threads takes what is ready (at most {@code max-batch} orders) as its next batch. Batches
 * are settled on these platform threads rather than on the callers' virtual threads: in a burst,
 * a virtual thread waits behind hundreds of others for a carrier after every round trip, which
 * held up the first commit by tens of milliseconds. The caller waits for its batch to commit, so a
 * 201 always means "stored".
 */
@Service
class OrderDesk implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(OrderDesk.class);

  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
  /** Lanes with orders waiting and in no batch, in the order they got ready. */
  private final ConcurrentLinkedQueue<Lane> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Workers started and not yet stopped; each settles one batch at a time. */
  private final AtomicInteger running = new AtomicInteger();
  private final int workerCount;
  private final ExecutorService workers;
  private final TransactionTemplate transactions;
  private final StockReservations stock;
  private final OrderRepository orders;
  private final Ledger ledger;
  private final IdempotencyKeys idempotency;
  private final ObjectMapper json;
  private final Clock clock;
  private final MeterRegistry meters;
  private final DistributionSummary batchOrders;
  private final DistributionSummary batchProducts;
  private final int maxBatch;

  OrderDesk(TransactionTemplate transactions, StockReservations stock, OrderRepository orders, Ledger ledger,
      IdempotencyKeys idempotency, ObjectMapper json, Clock clock, MeterRegistry meters, OrdersProperties properties) {
    this.transactions = transactions;
    this.stock = stock;
    this.orders = orders;
    this.ledger = ledger;
    this.idempotency = idempotency;
    this.json = json;
    this.clock = clock;
    this.meters = meters;
    this.maxBatch = properties.maxBatch();
    this.workerCount = properties.workers();
    meters.gauge("tradepost.orders.waiting", waiting);
    meters.gauge("tradepost.orders.batches.in.flight", inFlight);
    this.batchOrders = DistributionSummary.builder("tradepost.orders.batch.orders")
        .description("Orders settled in one transaction").register(meters);
    this.batchProducts = DistributionSummary.builder("tradepost.orders.batch.products")
        .description("Products whose orders were settled in one transaction").register(meters);
    var threads = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(properties.workers(), r -> {
      var thread = new Thread(r, "order-desk-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The result of placing one order: the order, or why it was refused. */
  record Placed(Order order, DomainException refusal) {}

  /**
   * Places the order and waits until it is stored (or refused).
   *
   * @param claim the Idempotency-Key claimed for it, or null; its response is stored with the order
   */
  Placed place(PlaceOrder command, IdempotencyKeys.Claim claim) {
    var request = new Request(command, claim, new CompletableFuture<>());
    waiting.incrementAndGet();
    var lane = lanes.computeIfAbsent(command.productId(), Lane::new);
    lane.queue.add(request);
    if (lane.scheduled.compareAndSet(false, true)) {
      ready.add(lane);
      startWorker();
    }
    try {
      var placed = request.result.join();
      count(placed.order() != null ? "confirmed" : placed.refusal().code().toLowerCase());
      return placed;
    } catch (CompletionException e) {
      count("failed");
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  @Transactional
  Order cancel(String orderId) {
    var order = orders.findForUpdate(orderId).orElseThrow(() -> NotFound.of("order", orderId));
    var next = order.status().transitionTo(OrderStatus.CANCELLED);
    var now = DbTime.now(clock);
    orders.changeStatus(orderId, order.status(), next, now);
    stock.release(order.productId(), order.quantity());
    ledger.recordRefund(order.id(), order.merchantId(), order.totalCents(), now);
    count("cancelled");
    return new Order(order.id(), order.productId(), order.merchantId(), order.buyerId(), order.quantity(),
        order.unitPrice(), order.totalCents(), next, order.createdAt(), now);
  }

  private void count(String outcome) {
    meters.counter("tradepost.orders", "outcome", outcome).increment();
  }

  /** Starts a worker for a lane that got ready, unless every worker is running already. */
  private void startWorker() {
    for (int n = running.get(); n < workerCount; n = running.get()) {
      if (running.compareAndSet(n, n + 1)) {
        workers.execute(this::work);
        return;
      }
    }
  }

  /**
   * Settles batches until no lane is ready. A worker that stops looks once more, so a lane that got
   * ready while every worker was running is never left behind.
   */
  private void work() {
    try {
      while (!ready.isEmpty()) {
        settleNextBatch();
      }
    } finally {
      running.decrementAndGet();
    }
    if (!ready.isEmpty()) {
      startWorker();
    }
  }

  /** Takes ready lanes, oldest first, until the batch is full; gives them back once it is settled. */
  private void settleNextBatch() {
    var taken = new ArrayList<Lane>();
    var batch = new ArrayList<Request>();
    for (Lane lane; batch.size() < maxBatch && (lane = ready.poll()) != null; ) {
      taken.add(lane);
      for (Request r; batch.size() < maxBatch && (r = lane.queue.poll()) != null; ) {
        batch.add(r);
      }
    }
    if (taken.isEmpty()) {
      return;
    }
    waiting.addAndGet(-batch.size());
    inFlight.incrementAndGet();
    try {
      var rest = refuseWhereSoldOut(taken, batch);
      if (!rest.isEmpty()) {
        settle(rest);
      }
      batchOrders.record(batch.size());
      batchProducts.record(taken.size());
    } finally {
      inFlight.decrementAndGet();
      taken.forEach(this::giveBack);
    }
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
  private List<Request> refuseWhereSoldOut(List<Lane> taken, List<Request> batch) {
    var soldOut = new HashMap<String, List<Request>>();
    for (var lane : taken) {
      if (lane.soldOut) {
        soldOut.put(lane.productId, new ArrayList<>());
      }
    }
    if (soldOut.isEmpty()) {
      return batch;
    }
    for (var request : batch) {
      var requests = soldOut.get(request.command.productId());
      if (requests != null) {
        requests.add(request);
      }
    }
    soldOut.values().removeIf(requests -> requests.stream().anyMatch(r -> r.claim != null));
    Map<String, Long> committed;
    try {
      committed = soldOut.isEmpty() ? Map.of() : stock.committedStock(soldOut.keySet());
    } catch (RuntimeException e) {
      return batch; // the usual way reports what is wrong with the database
    }
    var refused = Collections.newSetFromMap(new IdentityHashMap<Request, Boolean>());
    soldOut.forEach((productId, requests) -> {
      var left = committed.get(productId);
      if (left != null && requests.stream().allMatch(r -> r.command.quantity() > left)) {
        refused.addAll(requests);
      }
    });
    if (refused.isEmpty()) {
      return batch;
    }
    var rest = new ArrayList<Request>(batch.size() - refused.size());
    for (var request : batch) {
      if (refused.contains(request)) {
        request.result.complete(new Placed(null,
            OrderProblems.OutOfStock.forProduct(request.command.productId(), request.command.quantity())));
      } else {
        rest.add(request);
      }
    }
    return rest;
  }

  private void giveBack(Lane lane) {
    lane.scheduled.set(false);
    if (lane.queue.isEmpty()) {
      // A request added after this check schedules the lane itself; one added to this lane after
      // its removal still gets settled, just alongside the lane that replaced it.
      lanes.remove(lane.productId, lane);
    } else if (lane.scheduled.compareAndSet(false, true)) {
      ready.add(lane);
    }
  }

  /**
   * Settles the batch in one transaction. When one of its statements fails, the transaction rolls
   * back and the orders are settled one by one, so an order that cannot be stored fails alone.
   * Failing to connect or to commit fails the whole batch: after a failed commit it is unknown
   * whether the orders were stored, and storing them again could sell twice.
   */
  private void settle(List<Request> batch) {
    try {
      answer(batch, transactions.execute(status -> store(batch)));
    } catch (StatementFailed failed) {
      if (batch.size() == 1) {
        batch.get(0).result.completeExceptionally(failed.getCause());
        return;
      }
      log.warn("A batch of {} orders failed ({}); settling them one by one", batch.size(), failed.getCause().toString());
      settleOneByOne(batch);
    } catch (RuntimeException e) {
      batch.forEach(r -> r.result.completeExceptionally(e));
    }
  }

  private void settleOneByOne(List<Request> batch) {
    RuntimeException unreachable = null;
    for (var request : batch) {
      if (unreachable == null) {
        try {
          answer(List.of(request), transactions.execute(status -> store(List.of(request))));
          continue;
        } catch (StatementFailed failed) {
          request.result.completeExceptionally(failed.getCause());
          continue;
        } catch (RuntimeException e) {
          unreachable = e;
        }
      }
      request.result.completeExceptionally(unreachable);
    }
  }

  private static void answer(List<Request> batch, List<Placed> placed) {
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result.complete(placed.get(i));
    }
  }

  /** Writes one batch inside the current transaction; outcomes in the batch's order. */
  private List<Placed> store(List<Request> batch) {
    try {
      var quantities = new HashMap<String, List<Long>>();
      for (var request : batch) {
        quantities.computeIfAbsent(request.command.productId(), id -> new ArrayList<>()).add(request.command.quantity());
      }
      var reservations = stock.reserve(quantities);
      reservations.forEach((id, reservation) -> {
        var lane = lanes.get(id);
        if (lane != null) {
          lane.soldOut = reservation.remaining() == 0;
        }
      });
      var grants = new HashMap<String, Iterator<Boolean>>();
      reservations.forEach((id, reservation) -> grants.put(id, reservation.granted().iterator()));
      var now = DbTime.now(clock);
      var placed = new ArrayList<Placed>(batch.size());
      var confirmed = new ArrayList<Order>(batch.size());
      for (var request : batch) {
        var command = request.command;
        var grant = grants.get(command.productId());
        if (grant == null) {
          placed.add(new Placed(null, NotFound.of("product", command.productId())));
        } else if (!grant.next()) {
          placed.add(new Placed(null, OrderProblems.OutOfStock.forProduct(command.productId(), command.quantity())));
        } else {
          var product = reservations.get(command.productId()).product();
          var merchant = product.merchantId() == null ? "unassigned" : product.merchantId();
          var order = new Order(UUID.randomUUID().toString(), command.productId(), merchant, command.buyerId(),
              command.quantity(), product.price(), Math.multiplyExact(product.price(), command.quantity()),
              OrderStatus.CONFIRMED, now, now);
          confirmed.add(order);
          placed.add(new Placed(order, null));
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
        if (batch.get(i).claim != null) {
          responses.put(batch.get(i).claim, response(placed.get(i)));
        }
      }
      idempotency.complete(responses);
      return placed;
    } catch (RuntimeException e) {
      throw new StatementFailed(e);
    }
  }

  /** The response a client got, as stored for replay under its Idempotency-Key. */
  IdempotencyKeys.Stored response(Placed placed) {
    if (placed.order() != null) {
      return new IdempotencyKeys.Stored(201, json.writeValueAsString(OrderView.of(placed.order(), null)));
    }
    return new IdempotencyKeys.Stored(placed.refusal().status().value(),
        json.writeValueAsString(Problems.of(placed.refusal())));
  }

  @Override
  public void destroy() throws InterruptedException {
    workers.shutdown();
    workers.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** A failure inside a batch's transaction, which therefore rolled back: nothing of it was stored. */
  private static final class StatementFailed extends RuntimeException {
    StatementFailed(RuntimeException cause) {
      super(cause);
    }
  }

  private record Request(PlaceOrder command, IdempotencyKeys.Claim claim, CompletableFuture<Placed> result) {}

  private static final class Lane {
    final String productId;
    final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    final AtomicBoolean scheduled = new AtomicBoolean();
    /** Whether the product had no stock left after the lane's last batch: a hint, checked before use. */
    volatile boolean soldOut;

    Lane(String productId) {
      this.productId = productId;
    }
  }
}
