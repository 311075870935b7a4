package io.tradepost.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tradepost.platform.Conflict;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.NamedThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs syncs: takes the source's lock (a RUNNING row), fetches through the source's guards, writes
 * items, rejects and the finished run in one transaction, evicts the cache when items changed.
 */
@Component
class Synchronizer implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Synchronizer.class);

  private final SyncSources sources;
  private final SyncRuns runs;
  private final ItemStore items;
  private final SourceGuards guards;
  private final ItemCache cache;
  private final Redaction redaction;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Tracer tracer;
  private final Propagator propagator;
  private final Duration staleAfter;
  private final Set<Long> active = ConcurrentHashMap.newKeySet();
  private final ExecutorService executor = Executors.newCachedThreadPool(NamedThreads.daemons("sync-run"));

  Synchronizer(SyncSources sources, SyncRuns runs, ItemStore items, SourceGuards guards,
      ItemCache cache, Redaction redaction, TransactionTemplate tx, Clock clock, MeterRegistry meters,
      Tracer tracer, Propagator propagator, SyncProperties properties) {
    this.sources = sources;
    this.runs = runs;
    this.items = items;
    this.guards = guards;
    this.cache = cache;
    this.redaction = redaction;
    this.tx = tx;
    this.clock = clock;
    this.meters = meters;
    this.tracer = tracer;
    this.propagator = propagator;
    this.staleAfter = properties.staleAfter();
  }

  /** Every source's name, in a stable order. */
  List<String> names() {
    return sources.names();
  }

  /** @throws InvalidInput for a source that does not exist */
  ExternalSource source(String name) {
    return sources.get(name);
  }

  /**
   * Starts a manual run now.
   *
   * @throws Conflict {@code SOURCE_DISABLED} naming what to set, or {@code SYNC_IN_PROGRESS} naming
   *     the running run
   */
  SyncRun begin(String name, SyncTrigger trigger) {
    var source = source(name);
    source.disabledBecause().ifPresent(reason -> {
      throw Conflict.of("SOURCE_DISABLED", "Source " + name + " is disabled: " + reason);
    });
    return tryStart(name, trigger, null).orElseThrow(() -> {
      var running = runs.running(name);
      return Conflict.of("SYNC_IN_PROGRESS", running
          .map(r -> "Sync run " + r.id() + " of " + name + " is running since " + r.startedAt())
          .orElse("A sync run of " + name + " is running"));
    });
  }

  /**
   * Starts a run, or records it SKIPPED when another run of the source is going; the caller launches
   * the returned run when it is RUNNING.
   */
  SyncRun beginOrSkip(String name, SyncTrigger trigger) {
    return beginOrSkip(name, trigger, null);
  }

  /**
   * Begins (or skips) the scheduled run of one slot, as {@link #beginOrSkip}; empty when an instance
   * has already begun or skipped that slot's run, however early or late this instance's tick came.
   */
  Optional<SyncRun> beginSlot(String name, Instant slot) {
    if (runs.hasSlot(name, slot)) {
      return Optional.empty();
    }
    try {
      return Optional.of(beginOrSkip(name, SyncTrigger.SCHEDULED, slot));
    } catch (DuplicateKeyException slotTaken) {
      return Optional.empty();
    }
  }

  private SyncRun beginOrSkip(String name, SyncTrigger trigger, Instant slot) {
    var started = tryStart(name, trigger, slot);
    if (started.isPresent()) {
      return started.get();
    }
    var reason = runs.running(name).map(r -> "sync run " + r.id() + " was running").orElse("another run was running");
    var skipped = runs.skipped(name, trigger, slot, DbTime.now(clock), reason);
    count(skipped);
    return skipped;
  }

  /** Executes the run in the background if it started; a SKIPPED run is already final. */
  CompletableFuture<SyncRun> launchIfStarted(SyncRun run) {
    return run.status() == SyncRunStatus.RUNNING ? launch(run) : CompletableFuture.completedFuture(run);
  }

  private Optional<SyncRun> tryStart(String name, SyncTrigger trigger, Instant slot) {
    var started = runs.start(name, trigger, slot, DbTime.now(clock));
    if (started.isEmpty() && recoverStale() > 0) {
      started = runs.start(name, trigger, slot, DbTime.now(clock));
    }
    started.ifPresent(r -> active.add(r.id()));
    return started;
  }

  /**
   * Executes a started run in the background, in a span of the trace that launched it (the request's,
   * or a new one for a scheduled run).
   */
  CompletableFuture<SyncRun> launch(SyncRun run) {
    var launchedIn = tracer.currentTraceContext().context();
    return CompletableFuture.supplyAsync(() -> traced(run, launchedIn), executor);
  }

  private SyncRun traced(SyncRun run, TraceContext launchedIn) {
    var builder = tracer.spanBuilder().name("sync " + run.source()).tag("sync.run", run.id());
    var span = (launchedIn == null ? builder.setNoParent() : builder.setParent(launchedIn)).start();
    try (var scope = tracer.withSpan(span)) {
      return execute(run);
    } finally {
      span.end();
    }
  }

  /** Marks FAILED the runs whose process died (no heartbeat for {@code stale-after}). */
  int recoverStale() {
    var now = DbTime.now(clock);
    int failed = runs.failStale(now.minus(staleAfter), now);
    if (failed > 0) {
      log.warn("Marked {} sync run(s) FAILED: their instance stopped before they finished", failed);
    }
    return failed;
  }

  /** Tells other instances that this one's runs are alive. */
  void heartbeat() {
    runs.heartbeat(Set.copyOf(active), DbTime.now(clock));
  }

  SyncRun execute(SyncRun run) {
    var source = sources.get(run.source());
    // Every upstream request of the run carries the run's span as its W3C traceparent.
    var traceHeaders = new HashMap<String, String>();
    propagator.inject(tracer.currentTraceContext().context(), traceHeaders, Map::put);
    var upstream = guards.upstream(run.source(), traceHeaders);
    var timer = Timer.start(meters);
    long started = System.nanoTime();
    long fetchedAt = started;
    try {
      var fetched = redacted(source.fetch(upstream));
      fetchedAt = System.nanoTime();
      var status = fetched.rejects().isEmpty() ? SyncRunStatus.SUCCEEDED : SyncRunStatus.PARTIAL;
      tx.executeWithoutResult(s -> {
        var now = DbTime.now(clock);
        var counts = items.write(run.source(), fetched.records(), status == SyncRunStatus.SUCCEEDED, now);
        items.reject(run.id(), run.source(), fetched.rejects(), now);
        var outcome = new SyncRuns.Outcome(upstream.pages(), fetched.count(), counts.created(), counts.updated(),
            counts.unchanged(), counts.removed(), fetched.rejects().size(), upstream.attempts(),
            status == SyncRunStatus.PARTIAL ? fetched.rejects().size() + " record(s) failed validation" : null);
        if (!runs.finish(run.id(), status, outcome, DbTime.now(clock))) {
          throw new IllegalStateException("Sync run " + run.id() + " was marked failed meanwhile");
        }
      });
    } catch (RuntimeException e) {
      // Upstream failures describe the source's answer; anything else stays in the log, not the API.
      // Either may quote a URL with its API key: redacted before it is stored or logged.
      // Control characters (an I/O error may quote the upstream's bytes) are no text to store.
      var reason = e instanceof UpstreamFailure
          ? redaction.redact(e.getMessage()).replaceAll("\\p{Cntrl}", "?") : "unexpected error; see the service log";
      if (e instanceof UpstreamFailure) {
        log.warn("Sync run {} of {} failed: {}", run.id(), run.source(), reason);
      } else {
        log.error("Sync run {} of {} failed", run.id(), run.source(), redaction.redact(e));
      }
      runs.finish(run.id(), SyncRunStatus.FAILED,
          new SyncRuns.Outcome(upstream.pages(), 0, 0, 0, 0, 0, 0, upstream.attempts(), reason), DbTime.now(clock));
    } finally {
      active.remove(run.id());
    }
    var finished = runs.find(run.id()).orElseThrow();
    if (finished.status() != SyncRunStatus.FAILED) {
      long done = System.nanoTime();
      log.info("Sync run {} of {} {}: {} fetched, {} created, {} updated, {} unchanged, {} removed, {} rejected; "
              + "{} pages, {} attempts; fetch {} ms, store {} ms", finished.id(), finished.source(),
          finished.status(), finished.fetched(), finished.created(), finished.updated(), finished.unchanged(),
          finished.removed(), finished.rejected(), finished.pages(), finished.attempts(),
          (fetchedAt - started) / 1_000_000, (done - fetchedAt) / 1_000_000);
    }
    if (finished.changedItems()) {
      cache.evict(run.source());
    }
    timer.stop(meters.timer("tradepost.sync.run.duration", "source", run.source()));
    count(finished);
    return finished;
  }

  /** The rejects' reasons and raw records may echo what was sent upstream: no API key is stored. */
  private ExternalSource.Fetched redacted(ExternalSource.Fetched fetched) {
    if (fetched.rejects().isEmpty()) {
      return fetched;
    }
    var rejects = fetched.rejects().stream().map(r -> new SyncRecord.Reject(r.externalId(),
        redaction.redact(r.reason()), redaction.redact(r.raw()))).toList();
    return new ExternalSource.Fetched(fetched.records(), rejects);
  }

  private void count(SyncRun run) {
    Counter.builder("tradepost.sync.runs").description("Sync runs by outcome")
        .tag("source", run.source()).tag("status", run.status().name()).register(meters).increment();
    record(run.source(), "created", run.created());
    record(run.source(), "updated", run.updated());
    record(run.source(), "unchanged", run.unchanged());
    record(run.source(), "removed", run.removed());
    record(run.source(), "rejected", run.rejected());
  }

  private void record(String source, String outcome, int n) {
    Counter.builder("tradepost.sync.records").description("Records handled by sync runs")
        .tag("source", source).tag("outcome", outcome).register(meters).increment(n);
  }

  /** Interrupts running syncs (they end FAILED) and gives them a moment to record that. */
  @Override
  public void destroy() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
  }
}
