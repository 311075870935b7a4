package io.tradepost.orders;

import io.micrometer.core.instrument.MeterRegistry;
import io.tradepost.catalog.StockReservations;
import io.tradepost.ledger.Ledger;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.DomainException;
import io.tradepost.platform.NotFound;
import io.tradepost.platform.Problems;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Places and cancels orders.
 *
 * <p>Orders for the same product that arrive together are settled together: each product has a
 * lane, and one thread at a time drains a lane in batches, arrival order kept. A batch is one
 * transaction — lock the product, grant quantities in order while stock lasts, one guarded stock
 * update, one multi-row insert of orders and one of ledger sales. On a hot product this turns a
 * queue of row-lock waits into a handful of transactions; on a cold one a batch is a single order.
 * The caller waits for its batch to commit, so a 201 always means "stored".
 */
@Service
class OrderDesk implements DisposableBean {

  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
  private final ExecutorService workers;
  private final TransactionTemplate transactions;
  private final StockReservations stock;
  private final OrderRepository orders;
  private final Ledger ledger;
  private final IdempotencyKeys idempotency;
  private final ObjectMapper json;
  private final Clock clock;
  private final MeterRegistry meters;
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
    var lane = lanes.computeIfAbsent(command.productId(), Lane::new);
    lane.queue.add(request);
    if (lane.scheduled.compareAndSet(false, true)) {
      drain(lane, true);
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

  /** Settles one batch for one product in one transaction; outcomes in the batch's order. */
  private List<Placed> settle(String productId, List<Request> batch) {
    var reservation = stock.reserve(productId, batch.stream().map(r -> r.command.quantity()).toList());
    var now = DbTime.now(clock);
    var placed = new ArrayList<Placed>(batch.size());
    var confirmed = new ArrayList<Order>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      var command = batch.get(i).command;
      if (reservation.isEmpty()) {
        placed.add(new Placed(null, NotFound.of("product", productId)));
      } else if (!reservation.get().granted().get(i)) {
        placed.add(new Placed(null, OrderProblems.OutOfStock.forProduct(productId, command.quantity())));
      } else {
        var product = reservation.get().product();
        var merchant = product.merchantId() == null ? "unassigned" : product.merchantId();
        var order = new Order(UUID.randomUUID().toString(), productId, merchant, command.buyerId(),
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
    for (int i = 0; i < batch.size(); i++) {
      var claim = batch.get(i).claim;
      if (claim != null) {
        idempotency.complete(claim, response(placed.get(i)));
      }
    }
    return placed;
  }

  /** The response a client got, as stored for replay under its Idempotency-Key. */
  IdempotencyKeys.Stored response(Placed placed) {
    if (placed.order() != null) {
      return new IdempotencyKeys.Stored(201, json.writeValueAsString(OrderView.of(placed.order(), null)));
    }
    return new IdempotencyKeys.Stored(placed.refusal().status().value(),
        json.writeValueAsString(Problems.of(placed.refusal())));
  }

  /**
   * Settles the lane's queued orders batch by batch. A request that finds its lane idle settles the
   * first batch on its own thread (no hand-off for products nobody else is buying; concurrency is
   * then bounded by the connection pool) and leaves whatever queued behind it to a worker.
   */
  private void drain(Lane lane, boolean onCaller) {
    while (true) {
      var batch = new ArrayList<Request>();
      for (Request r; batch.size() < maxBatch && (r = lane.queue.poll()) != null; ) {
        batch.add(r);
      }
      if (!batch.isEmpty()) {
        settleBatch(lane.productId, batch);
        if (!onCaller) {
          continue;
        }
      }
      lane.scheduled.set(false);
      if (lane.queue.isEmpty()) {
        // A request added after this check takes the lane itself; one added to this lane after
        // its removal still gets settled, just alongside the lane that replaced it.
        lanes.remove(lane.productId, lane);
        return;
      }
      if (!lane.scheduled.compareAndSet(false, true)) {
        return;
      }
      if (onCaller) {
        workers.execute(() -> drain(lane, false));
        return;
      }
    }
  }

  private void settleBatch(String productId, List<Request> batch) {
    try {
      var placed = transactions.execute(status -> settle(productId, batch));
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result.complete(placed.get(i));
      }
    } catch (RuntimeException e) {
      batch.forEach(r -> r.result.completeExceptionally(e));
    }
  }

  @Override
  public void destroy() throws InterruptedException {
    workers.shutdown();
    workers.awaitTermination(10, TimeUnit.SECONDS);
  }

  private record Request(PlaceOrder command, IdempotencyKeys.Claim claim, CompletableFuture<Placed> result) {}

  private final class Lane {
    final String productId;
    final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    final AtomicBoolean scheduled = new AtomicBoolean();

    Lane(String productId) {
      this.productId = productId;
    }
  }
}
