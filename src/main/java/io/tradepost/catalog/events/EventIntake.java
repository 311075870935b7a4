package io.tradepost.catalog.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.NamedThreads;
import io.tradepost.platform.RetryLater;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Takes product-update events in and answers only once they are saved. Requests hand their event
 * to a bounded queue; writer threads group-commit whatever is queued (up to {@code max-batch}
 * events, waiting at most {@code max-wait} for more) into the {@link EventTransport} (one multi-row
 * insert into the inbox, or one round of sends to Kafka), and release the waiting requests once the
 * group is stored (with Kafka, acknowledged: the writer sends the next group meanwhile). A full queue
 * or too large an unapplied backlog is answered 503 + Retry-After at once, never by dropping an event
 * that was acknowledged.
 */
@Component
public class EventIntake implements SmartLifecycle, SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(EventIntake.class);
  private static final long BATCH_WAIT_SECONDS = 10;
  private static final long FLOOD_MEMORY_MILLIS = 200;

  private final EventTransport transport;
  private final EventsProperties properties;
  private final Clock clock;
  private final ArrayBlockingQueue<Pending> queue;
  private final AtomicLong backlog = new AtomicLong();
  private final Counter accepted;
  private final MeterRegistry meters;
  private final Object applierSignal = new Object();
  private final List<Thread> writers = new ArrayList<>();
  /** Groups sent but not all acknowledged yet (Kafka): stopping waits for them. */
  private final Set<CompletableFuture<?>> unacknowledged = ConcurrentHashMap.newKeySet();
  /** Batches are written on their request's thread, at most this many at once: each holds a connection. */
  private final Semaphore batchWriters;
  private volatile boolean accepting;
  /** When a batch request last found every batch writer busy ({@link System#nanoTime}). */
  private volatile long lastWaitForWriter = System.nanoTime() - TimeUnit.HOURS.toNanos(1);

  EventIntake(EventTransport transport, EventsProperties properties, Clock clock, MeterRegistry meters) {
    this.transport = transport;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.queue = new ArrayBlockingQueue<>(properties.queueSize());
    this.batchWriters = new Semaphore(properties.batchWriters(), true);
    this.accepted = meters.counter("tradepost.events.accepted");
    // The refresh from the database can race a batch's own count by a batch, for up to a second.
    meters.gauge("tradepost.events.backlog", this, EventIntake::backlog);
  }

  /** Saves one event; returns once it is committed. */
  EventTransport.Appended accept(ProductEvent event) {
    admit(1);
    var pending = new Pending(event, new CompletableFuture<>());
    if (!queue.offer(pending)) {
      throw rejected("queue_full", RetryLater.of("EVENT_QUEUE_FULL",
          "The event queue is full (" + properties.queueSize() + "); retry shortly", 1));
    }
    try {
      return pending.result.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Saves a whole batch in one transaction: all of it or, on failure, none. */
  List<EventTransport.Appended> acceptAll(List<ProductEvent> events) {
    admit(events.size());
    try {
      if (!batchWriters.tryAcquire() && waitedForAWriter()
          && !batchWriters.tryAcquire(BATCH_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw rejected("queue_full", RetryLater.of("EVENT_QUEUE_FULL",
            "Too many batches are being written; retry shortly", 1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw rejected("shutting_down", RetryLater.of("SHUTTING_DOWN", "This instance is shutting down; retry", 5));
    }
    try {
      var saved = transport.append(events, DbTime.now(clock));
      stored(events.size());
      return saved;
    } catch (DataIntegrityViolationException refused) {
      // All or nothing: the batch is its client's own, there is no other client's event to save.
      throw refused("a batch of " + events.size() + " events", refused);
    } finally {
      batchWriters.release();
    }
  }

  void rejectedInvalid() {
    meters.counter("tradepost.events.rejected", "reason", "invalid").increment();
  }

  private void admit(int events) {
    if (!accepting) {
      throw rejected("shutting_down", RetryLater.of("SHUTTING_DOWN", "This instance is shutting down; retry", 5));
    }
    if (backlog.get() + events > properties.backlogLimit()) {
      throw rejected("backlog_full", RetryLater.of("EVENT_BACKLOG_FULL",
          "Too many events are waiting to be applied (limit " + properties.backlogLimit() + "); retry shortly", 1));
    }
  }

  private RetryLater rejected(String reason, RetryLater problem) {
    meters.counter("tradepost.events.rejected", "reason", reason).increment();
    return problem;
  }

  private void stored(int events) {
    accepted.increment(events);
    backlog.addAndGet(events);
    synchronized (applierSignal) {
      applierSignal.notifyAll();
    }
  }

  /** Appliers wait here for new events, at most {@code millis}. */
  void awaitEvents(long millis) throws InterruptedException {
    synchronized (applierSignal) {
      applierSignal.wait(millis);
    }
  }

  void applied(int events) {
    backlog.addAndGet(-events);
  }

  /**
   * Whether batch requests are waiting for a writer, or one had to wait within the last
   * {@value #FLOOD_MEMORY_MILLIS} ms: this instance is taking batches in as fast as it can write them.
   * The memory keeps a flood a flood across the moments when every sender happens to be between two
   * requests (a busy machine stretches those).
   */
  boolean flooded() {
    return batchWriters.hasQueuedThreads()
        || System.nanoTime() - lastWaitForWriter < TimeUnit.MILLISECONDS.toNanos(FLOOD_MEMORY_MILLIS);
  }

  private boolean waitedForAWriter() {
    lastWaitForWriter = System.nanoTime();
    return true;
  }

  /** Accepted events not applied yet, as this instance last knew it (re-read every second). */
  public long backlog() {
    return Math.max(0, backlog.get());
  }

  /** Re-reads the backlog from the transport: other instances add and apply events too. */
  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(this::refreshBacklog, properties.backlogRefresh());
  }

  void refreshBacklog() {
    backlog.set(transport.backlog());
  }

  private void write() {
    var batch = new ArrayList<Pending>(properties.maxBatch());
    while (accepting || !queue.isEmpty()) {
      try {
        var first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, properties.maxBatch() - batch.size());
        long deadline = System.nanoTime() + properties.maxWait().toNanos();
        while (batch.size() < properties.maxBatch()) {
          var next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
          queue.drainTo(batch, properties.maxBatch() - batch.size());
        }
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Saves a group of queued events and answers their requests once it is stored. When the database refuses the group
   * for what one event holds (a constraint, a value it cannot store), each half is saved on its own,
   * down to the single event, so that only the requests whose event was refused fail (400) and the
   * others are saved and answered 202. Any other failure (the database unreachable or timing out) is
   * no event's fault: every request of the group gets it.
   */
  private void commit(List<Pending> batch) {
    try {
      var sent = transport.send(batch.stream().map(Pending::event).toList(), DbTime.now(clock));
      var results = batch.stream().map(Pending::result).toList();
      // The inbox has stored the group already; Kafka acknowledges later, on the producer's thread, and
      // meanwhile this writer goes on with the next group.
      var group = CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
      unacknowledged.add(group);
      group.whenComplete((done, failure) -> {
        unacknowledged.remove(group);
        stored((int) sent.stream().filter(event -> !event.isCompletedExceptionally()).count());
        for (int i = 0; i < sent.size(); i++) {
          answer(results.get(i), sent.get(i));
        }
      });
    } catch (DataIntegrityViolationException refused) {
      if (batch.size() > 1) {
        int half = batch.size() / 2;
        commit(batch.subList(0, half));
        commit(batch.subList(half, batch.size()));
      } else {
        var event = batch.get(0);
        event.result.completeExceptionally(refused("an event for product " + event.event().productId(), refused));
      }
    } catch (RetryLater unavailable) {
      // The transport said why (and logged it): every request of the group gets its 503.
      batch.forEach(p -> p.result.completeExceptionally(unavailable));
    } catch (RuntimeException e) {
      log.error("Could not save {} events; their requests fail and nothing was acknowledged", batch.size(), e);
      batch.forEach(p -> p.result.completeExceptionally(e));
    }
  }

  private static void answer(CompletableFuture<EventTransport.Appended> result,
      CompletableFuture<EventTransport.Appended> sent) {
    try {
      result.complete(sent.join());
    } catch (CompletionException e) {
      result.completeExceptionally(e.getCause());
    }
  }

  /** The database refused to store the event: 400, and the reason in the log only. */
  private InvalidInput refused(String what, DataIntegrityViolationException e) {
    log.warn("The database refused {}: {}", what,
        NestedExceptionUtils.getMostSpecificCause(e).toString());
    meters.counter("tradepost.events.rejected", "reason", "refused").increment();
    return InvalidInput.field("body", "holds a value the database cannot store");
  }

  @Override
  public void start() {
    refreshBacklog();
    accepting = true;
    var named = NamedThreads.numbered("event-intake");
    for (int i = 0; i < properties.writers(); i++) {
      var thread = named.newThread(this::write);
      thread.start();
      writers.add(thread);
    }
  }

  /** Stops taking events (503), then saves and answers everything already queued or sent. */
  @Override
  public void stop() {
    accepting = false;
    for (var writer : writers) {
      try {
        writer.join(20_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    writers.clear();
    try {
      CompletableFuture.allOf(unacknowledged.toArray(CompletableFuture[]::new)).handle((done, failure) -> done)
          .get(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Event intake stopped with {} groups of events not acknowledged yet", unacknowledged.size());
    }
    log.info("Event intake stopped; queue flushed");
  }

  @Override
  public boolean isRunning() {
    return accepting;
  }

  /** Stops before the web server drains its requests, so queued events are saved while they wait. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }

  private record Pending(ProductEvent event, CompletableFuture<EventTransport.Appended> result) {}
}
