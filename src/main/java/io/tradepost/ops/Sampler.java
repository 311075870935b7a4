package io.tradepost.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.tradepost.catalog.EventLog;
import io.tradepost.orders.OrderCounts;
import io.tradepost.settlement.Settlements;
import io.tradepost.sync.SourceRuns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads the cluster's state every {@code tradepost.ops.sample-every}, once per instance however many
 * dashboards are open, and hands the {@link Snapshot} to the {@link LiveStream}. Counts come from the
 * database (every instance's orders and events); only the OUT_OF_STOCK share comes from this
 * instance's meters, because refused orders are not stored.
 */
@Component
class Sampler {

  private static final Logger log = LoggerFactory.getLogger(Sampler.class);
  private static final Duration RATE_WINDOW = Duration.ofSeconds(10);
  private static final Duration ORDER_WINDOW = Duration.ofMinutes(1);
  // Orders are counted up to a second ago: a transaction commits a little after its created_at.
  private static final Duration COMMIT_MARGIN = Duration.ofSeconds(1);
  private static final int RECENT_JOBS = 50;
  private static final int RECENT_RUNS = 20;

  private final EventLog events;
  private final OrderCounts orders;
  private final Settlements settlements;
  private final SourceRuns sync;
  private final MeterRegistry meters;
  private final ChartHistory history;
  private final LiveStream stream;
  private final OpsProperties properties;
  private final Clock clock;
  private final ArrayDeque<Counts> window = new ArrayDeque<>();
  private final AtomicReference<Snapshot> latest;
  private Instant ordersCountedTo;
  private long ordersPlaced;
  private Instant nextChartPoint;

  /** Running totals at one sample; rates are differences between two of them. */
  private record Counts(Instant at, long placed, double confirmed, double outOfStock, long accepted, long applied) {}

  Sampler(EventLog events, OrderCounts orders, Settlements settlements, SourceRuns sync, MeterRegistry meters,
      ChartHistory history, LiveStream stream, OpsProperties properties, Clock clock) {
    this.events = events;
    this.orders = orders;
    this.settlements = settlements;
    this.sync = sync;
    this.meters = meters;
    this.history = history;
    this.stream = stream;
    this.properties = properties;
    this.clock = clock;
    this.latest = new AtomicReference<>(Snapshot.empty(clock.instant()));
    this.ordersCountedTo = clock.instant().minus(COMMIT_MARGIN);
    this.nextChartPoint = clock.instant();
  }

  Snapshot latest() {
    return latest.get();
  }

  @Scheduled(fixedDelayString = "${tradepost.ops.sample-every:2s}", initialDelayString = "${tradepost.ops.sample-every:2s}")
  void sample() {
    try {
      var snapshot = read();
      latest.set(snapshot);
      if (!snapshot.at().isBefore(nextChartPoint)) {
        history.add(snapshot.at().getEpochSecond(), snapshot.ordersPerMinute(), snapshot.outOfStockRate() * 100,
            snapshot.acceptedPerSecond(), snapshot.appliedPerSecond(), snapshot.backlog(), snapshot.applyLagSeconds());
        nextChartPoint = snapshot.at().plus(properties.chartStep());
      }
      stream.publish(snapshot);
    } catch (RuntimeException e) {
      // The database may be away: the dashboards keep their last picture and the next sample tries again.
      log.warn("Could not sample the cluster's state for /ops: {}", e.toString());
    }
  }

  private Snapshot read() {
    var now = clock.instant();
    var countTo = now.minus(COMMIT_MARGIN);
    ordersPlaced += orders.placedBetween(ordersCountedTo, countTo);
    ordersCountedTo = countTo;
    long accepted = events.lastSequence();
    long backlog = events.backlog();
    var counts = new Counts(now, ordersPlaced, counter("confirmed"), counter("out_of_stock"), accepted,
        Math.max(0, accepted - backlog));
    window.addLast(counts);
    while (window.size() > 2 && window.peekFirst().at().isBefore(now.minus(ORDER_WINDOW).minus(properties.sampleEvery()))) {
      window.removeFirst();
    }
    var minuteAgo = window.peekFirst();
    var secondsAgo = window.stream().filter(c -> !c.at().isBefore(now.minus(RATE_WINDOW))).findFirst().orElse(counts);
    double minutes = seconds(minuteAgo.at(), now) / 60;
    double orderedHere = (counts.confirmed() - minuteAgo.confirmed()) + (counts.outOfStock() - minuteAgo.outOfStock());
    var oldest = events.oldestUnapplied();
    var jobs = new LinkedHashMap<String, Settlements.Job>();
    settlements.list("RUNNING", RECENT_JOBS).forEach(j -> jobs.put(j.id(), j));
    settlements.list(null, RECENT_JOBS).forEach(j -> jobs.putIfAbsent(j.id(), j));
    return new Snapshot(now,
        minutes == 0 ? 0 : (counts.placed() - minuteAgo.placed()) / minutes,
        orderedHere == 0 ? 0 : (counts.outOfStock() - minuteAgo.outOfStock()) / orderedHere,
        rate(secondsAgo.accepted(), counts.accepted(), secondsAgo.at(), now),
        rate(secondsAgo.applied(), counts.applied(), secondsAgo.at(), now),
        backlog,
        oldest == null ? 0 : Math.max(0, seconds(oldest, now)),
        settlements.countByStatus(),
        jobs.values().stream().toList(),
        sync.sources(),
        sync.runs(null, RECENT_RUNS));
  }

  private double counter(String outcome) {
    var counter = meters.find("tradepost.orders").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private static double rate(long from, long to, Instant start, Instant end) {
    double seconds = seconds(start, end);
    return seconds <= 0 ? 0 : Math.max(0, to - from) / seconds;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
