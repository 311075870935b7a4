package io.tradepost.catalog.events;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.NamedThreads;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * Applies saved events to products. Each applier claims a batch of unapplied events that no other
 * applier (of this or another instance) holds, folds them per product and writes them with a
 * per-field sequence guard, so the outcome does not depend on how many appliers run or in which
 * order batches commit. Events left unapplied by a crash are simply claimed after the restart.
 *
 * <p>While batch requests queue for the intake's writers and the backlog is under half its limit,
 * appliers stand back: taking a flood in and applying it compete for the same database, and the
 * flood is taken in faster, then applied in fewer, larger claims. Past half the limit they apply
 * whatever comes, so the limit (and its 503s) is reached only if applying cannot keep up at all. An
 * applier stands back at most {@value #MAX_STAND_BACK_MILLIS} ms in a row, then claims once: however a
 * busy machine stretches or fakes a flood, events become visible within about a second of that.
 */
@Component
@ConditionalOnProperty(name = "tradepost.events.transport", havingValue = "inbox", matchIfMissing = true)
class EventAppliers implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(EventAppliers.class);
  /** Most batches' worth of events one claim takes while a backlog waits. */
  private static final int FLOOD_BATCHES = 8;
  /** How often an applier that stands back for a flood looks again. */
  private static final long FLOOD_CHECK_MILLIS = 20;
  /** Longest an applier stands back for a flood before it claims a batch anyway. */
  private static final long MAX_STAND_BACK_MILLIS = 1_000;
  private static final long MAX_STAND_BACK_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_STAND_BACK_MILLIS);
  /** The wait after an applier's first failure in a row; it doubles with each further one. */
  private static final long FIRST_BACKOFF_MILLIS = 50;
  /** The longest wait between failed attempts. */
  private static final long MAX_BACKOFF_MILLIS = 5_000;
  /**
   * Failures in a row after which an applier bisects its next claim to find the events the database
   * refuses. One failure is usually two appliers creating the same product; that passes on a retry.
   */
  private static final int ISOLATE_AFTER = 2;

  private final PendingEvents pending;
  private final EventIntake intake;
  private final EventsProperties properties;
  private final Clock clock;
  private final ApplyMeters meters;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  EventAppliers(PendingEvents pending, EventIntake intake, EventsProperties properties, Clock clock,
      ApplyMeters meters) {
    this.pending = pending;
    this.intake = intake;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
  }

  private void run() {
    int failedInARow = 0;
    long standingBackSince = 0; // System.nanoTime() of the first stand-back in a row, 0 when claiming
    while (running) {
      try {
        if (intake.flooded() && intake.backlog() < properties.backlogLimit() / 2
            && (standingBackSince == 0 || System.nanoTime() - standingBackSince < MAX_STAND_BACK_NANOS)) {
          // Batches arrive faster than this instance writes them, and the backlog has room: the
          // intake gets the database to itself, and the flood is applied right after, in large claims.
          if (standingBackSince == 0) {
            standingBackSince = System.nanoTime();
          }
          Thread.sleep(FLOOD_CHECK_MILLIS);
          continue;
        }
        standingBackSince = 0;
        var now = DbTime.now(clock);
        var applied = pending.applyNext(batchSize(), now, failedInARow >= ISOLATE_AFTER);
        if (applied.events() == 0) {
          // Not a success: the failing batch may just be held by another applier at the moment.
          intake.awaitEvents(50);
          continue;
        }
        failedInARow = 0;
        intake.applied(applied.events());
        // Measured when the batch committed: events can be received after the batch's "now" was taken.
        meters.applied(applied.events(), applied.receivedAt(), applied.dead(), DbTime.now(clock));
        if (applied.events() < properties.maxBatch() / 2) {
          // A trickle or a flood of single events: claimed as they come, each batch would carry a few
          // events and cost the database a transaction, a claim and a commit flush for those few.
          // Letting them gather makes batches large; visibility waits at most this pause.
          Thread.sleep(properties.applyPause().toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Typically two appliers creating the same new product: the batch rolled back and is retried.
        // A batch that keeps failing is bisected next (see ISOLATE_AFTER); an outage is waited out.
        meters.failed();
        failedInARow++;
        long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(failedInARow - 1, 20));
        // The most specific cause: a DataAccessException's own message repeats the whole statement.
        log.warn("Applying events failed ({} in a row), retrying in {} ms: {}", failedInARow, backoff,
            NestedExceptionUtils.getMostSpecificCause(e).toString());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Most events an applier claims at once: {@code max-batch} normally; while a flood waits, its share
   * of the backlog, up to {@value #FLOOD_BATCHES} batches. A product's events within one claim fold
   * into one write, so the more events a claim holds, the fewer product writes a flood costs (with
   * the applied ranges of migration 7, applying a backlog of 4.5 million events spread over 10,000
   * products went from 12 to 7 µs of PostgreSQL time per event). A larger claim also holds its
   * products' rows locked longer (an order for one of them waits for the claim's commit), hence the cap.
   */
  private int batchSize() {
    long share = intake.backlog() / Math.max(1, properties.appliers());
    return (int) Math.min(Math.max(share, properties.maxBatch()), (long) properties.maxBatch() * FLOOD_BATCHES);
  }

  @Override
  public void start() {
    running = true;
    var named = NamedThreads.numbered("event-applier");
    for (int i = 0; i < properties.appliers(); i++) {
      var thread = named.newThread(this::run);
      thread.start();
      threads.add(thread);
    }
  }

  /** Lets each applier finish its batch; what is left is applied at the next start. */
  @Override
  public void stop() {
    running = false;
    for (var thread : threads) {
      try {
        thread.join(20_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops after the intake, so the intake's last batch can still be applied here or elsewhere. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 1;
  }
}
