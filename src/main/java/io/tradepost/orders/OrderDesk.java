package io.tradepost.orders;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.tradepost.catalog.StockReservations;
import io.tradepost.ledger.Ledger;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.NamedThreads;
import io.tradepost.platform.NotFound;
import java.time.Clock;
import java.util.ArrayList;
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

/**
 * Places and cancels orders.
 *
 * <p>Orders that wait at the same time are settled together, whatever their products, as one
 * {@link OrderBatch}. Each product has a lane: its waiting orders in arrival order. A lane is in at
 * most one batch at a time, so a product's orders are granted in arrival order and two batches in
 * flight never lock the same product. Lanes with orders waiting queue up as ready, and each of up to
 * {@code workers} worker threads takes what is ready (at most {@code max-batch} orders) as its next
 * batch. Batches are settled on these platform threads rather than on the callers' virtual threads:
 * in a burst, a virtual thread waits behind hundreds of others for a carrier after every round trip,
 * which held up the first commit by tens of milliseconds. The caller waits for its batch to commit,
 * so a 201 always means "stored".
 */
@Service
class OrderDesk implements DisposableBean {

  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
  /** Lanes with orders waiting and in no batch, in the order they got ready. */
  private final ConcurrentLinkedQueue<Lane> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Workers started and not yet stopped; each settles one batch at a time. */
  private final AtomicInteger running = new AtomicInteger();
  private final int workerCount;
  private final ExecutorService workers;
  private final OrderBatch batches;
  private final StockReservations stock;
  private final OrderRepository orders;
  private final Ledger ledger;
  private final Clock clock;
  private final MeterRegistry meters;
  private final DistributionSummary batchOrders;
  private final DistributionSummary batchProducts;
  private final int maxBatch;

  OrderDesk(OrderBatch batches, StockReservations stock, OrderRepository orders, Ledger ledger, Clock clock,
      MeterRegistry meters, OrdersProperties properties) {
    this.batches = batches;
    this.stock = stock;
    this.orders = orders;
    this.ledger = ledger;
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
    this.workers = Executors.newFixedThreadPool(properties.workers(), NamedThreads.daemons("order-desk"));
  }

  /**
   * Places the order and waits until it is stored (or refused).
   *
   * @param claim the Idempotency-Key claimed for it, or null; its response is stored with the order
   */
  Placed place(PlaceOrder command, IdempotencyKeys.Claim claim) {
    var request = new OrderBatch.Request(command, claim, new CompletableFuture<>());
    waiting.incrementAndGet();
    var lane = lanes.computeIfAbsent(command.productId(), Lane::new);
    lane.queue.add(request);
    if (lane.scheduled.compareAndSet(false, true)) {
      ready.add(lane);
      startWorker();
    }
    try {
      var placed = request.result().join();
      count(placed instanceof Placed.Refused refused ? refused.problem().code().toLowerCase() : "confirmed");
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
    var batch = new ArrayList<OrderBatch.Request>();
    for (Lane lane; batch.size() < maxBatch && (lane = ready.poll()) != null; ) {
      taken.add(lane);
      for (OrderBatch.Request r; batch.size() < maxBatch && (r = lane.queue.poll()) != null; ) {
        batch.add(r);
      }
    }
    if (taken.isEmpty()) {
      return;
    }
    waiting.addAndGet(-batch.size());
    inFlight.incrementAndGet();
    try {
      var soldOut = taken.stream().filter(lane -> lane.soldOut).map(lane -> lane.productId).toList();
      var remaining = batches.settle(batch, soldOut);
      for (var lane : taken) {
        var left = remaining.get(lane.productId);
        if (left != null) {
          lane.soldOut = left == 0;
        }
      }
      batchOrders.record(batch.size());
      batchProducts.record(taken.size());
    } finally {
      inFlight.decrementAndGet();
      taken.forEach(this::giveBack);
    }
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

  @Override
  public void destroy() throws InterruptedException {
    workers.shutdown();
    workers.awaitTermination(10, TimeUnit.SECONDS);
  }

  private static final class Lane {
    final String productId;
    final ConcurrentLinkedQueue<OrderBatch.Request> queue = new ConcurrentLinkedQueue<>();
    final AtomicBoolean scheduled = new AtomicBoolean();
    /** Whether the product had no stock left after the lane's last batch: a hint, checked before use. */
    volatile boolean soldOut;

    Lane(String productId) {
      this.productId = productId;
    }
  }
}
