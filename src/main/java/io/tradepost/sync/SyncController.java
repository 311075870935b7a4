package io.tradepost.sync;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.NotFound;
import io.tradepost.platform.Paging;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "sync")
class SyncController {

  /** Longest source name, operation or city a request may name: the real ones are far shorter. */
  private static final int MAX_NAME = 100;
  private static final int MAX_CITIES = 100;
  private final Synchronizer synchronizer;
  private final SyncSources sources;
  private final SyncRuns runs;
  private final SyncSchedule schedule;
  private final SourceGuards guards;
  private final SyncProperties properties;
  private final ItemQueries items;
  private final Clock clock;

  SyncController(Synchronizer synchronizer, SyncSources sources, SyncRuns runs, SyncSchedule schedule,
      SourceGuards guards, SyncProperties properties, ItemQueries items, Clock clock) {
    this.synchronizer = synchronizer;
    this.sources = sources;
    this.runs = runs;
    this.schedule = schedule;
    this.guards = guards;
    this.properties = properties;
    this.items = items;
    this.clock = clock;
  }

  record SyncResponse(String message, Instant timestamp, List<SyncRun> runs) {}

  @RequiresScope(Scope.SYNC_WRITE)
  @PostMapping("/api/v1/sync")
  @Operation(summary = "Sync one source (or every enabled one) now and wait for the outcome: 200, "
      + "502 when a run failed, 202 when still running after the wait; with ?source= 409 SOURCE_DISABLED / "
      + "SYNC_IN_PROGRESS, without it a source already running is answered as a SKIPPED run")
  @ApiResponse(responseCode = "200", description = "Every run finished")
  @ApiResponse(responseCode = "202", description = "Runs still going after the wait",
      content = @Content(mediaType = "application/json", schema = @Schema(implementation = SyncResponse.class)))
  @ApiResponse(responseCode = "409", description = "SOURCE_DISABLED, or SYNC_IN_PROGRESS (with ?source=)")
  @ApiResponse(responseCode = "502", description = "A run FAILED; the runs say why",
      content = @Content(mediaType = "application/json", schema = @Schema(implementation = SyncResponse.class)))
  ResponseEntity<SyncResponse> syncNow(@RequestParam(required = false) String source) {
    var started = new ArrayList<SyncRun>();
    if (source != null) {
      started.add(synchronizer.begin(canonical(source, "source"), SyncTrigger.MANUAL));
    } else {
      for (var name : synchronizer.names()) {
        if (synchronizer.source(name).disabledBecause().isEmpty()) {
          started.add(synchronizer.beginOrSkip(name, SyncTrigger.MANUAL));
        }
      }
    }
    var futures = started.stream().map(synchronizer::launchIfStarted).toList();
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(properties.manualWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillRunning) {
      var current = started.stream().map(r -> runs.find(r.id()).orElseThrow()).toList();
      return ResponseEntity.status(202).body(new SyncResponse("sync still running", DbTime.now(clock), current));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for sync runs", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Sync run failed unexpectedly", e.getCause());
    }
    var finished = futures.stream().map(CompletableFuture::join).toList();
    var failed = finished.stream().filter(r -> r.status() == SyncRunStatus.FAILED).map(SyncRun::source).toList();
    if (!failed.isEmpty()) {
      return ResponseEntity.status(502).body(
          new SyncResponse("sync failed for " + String.join(", ", failed), DbTime.now(clock), finished));
    }
    return ResponseEntity.ok(new SyncResponse("sync completed successfully", DbTime.now(clock), finished));
  }

  /** Seed 001's request body; {@code params} are accepted for compatibility (see the README). */
  record SeedSyncRequest(
      Boolean forceSync,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "pokemon", description = "Any case: pokemon, "
          + "pokeapi, openweather, weather, jsonplaceholder, posts or placeholder_api")
      String apiSource,
      @Schema(maxLength = MAX_NAME, example = "full_sync") String operation,
      Params params) {
    record Params(
        @Schema(minimum = "1", maximum = "100") Integer limit,
        @Schema(minimum = "0") Integer offset,
        @ArraySchema(maxItems = MAX_CITIES, schema = @Schema(minLength = 1, maxLength = MAX_NAME, pattern = "\\S")) List<String> cities) {}
  }

  record Accepted(String status, String message, long runId) {}

  @RequiresScope(Scope.SYNC_WRITE)
  @PostMapping("/sync")
  @Operation(summary = "Seed 001: start a sync of api_source in the background → 202 with run_id")
  @ApiResponse(responseCode = "202", description = "The run started")
  @ApiResponse(responseCode = "409", description = "SOURCE_DISABLED, or SYNC_IN_PROGRESS")
  ResponseEntity<Accepted> syncSeed(@RequestBody SeedSyncRequest body) {
    var check = new InvalidInput.Check()
        .require(body.apiSource() != null && !body.apiSource().isBlank(), "api_source", "is required");
    check.require(body.operation() == null || body.operation().length() <= MAX_NAME, "operation",
        "must be at most " + MAX_NAME + " characters");
    if (body.params() != null) {
      var cities = body.params().cities();
      check.require(body.params().limit() == null || (body.params().limit() >= 1 && body.params().limit() <= Paging.MAX_LIMIT),
              "params.limit", "must be between 1 and " + Paging.MAX_LIMIT)
          .require(body.params().offset() == null || body.params().offset() >= 0, "params.offset", "must not be negative")
          .require(cities == null || (cities.size() <= MAX_CITIES && cities.stream().allMatch(
                  c -> c != null && !c.isBlank() && c.length() <= MAX_NAME)),
              "params.cities", "must be at most " + MAX_CITIES + " names of 1-" + MAX_NAME + " characters");
    }
    check.done();
    var run = synchronizer.begin(canonical(body.apiSource(), "api_source"), SyncTrigger.MANUAL);
    synchronizer.launch(run);
    return ResponseEntity.status(202).body(new Accepted("accepted",
        "Sync of " + run.source() + " started as run " + run.id(), run.id()));
  }

  record RunPage(List<SyncRun> data, long total, int limit, long offset) {}

  @RequiresScope(Scope.SYNC_READ)
  @GetMapping("/api/v1/sync/runs")
  @Operation(summary = "Sync run history, newest first")
  RunPage runs(@RequestParam(required = false) String source, @RequestParam(defaultValue = "20") int limit,
      @RequestParam(defaultValue = "0") long offset) {
    Paging.check(limit, offset);
    var name = source == null ? null : canonical(source, "source");
    return new RunPage(runs.list(name, limit, offset), runs.count(name), limit, offset);
  }

  @RequiresScope(Scope.SYNC_READ)
  @GetMapping("/api/v1/sync/runs/{id}")
  @Operation(summary = "One sync run with its counts")
  SyncRun run(@PathVariable String id) {
    return runs.find(ItemController.numericId(id)).orElseThrow(() -> NotFound.of("sync run", id));
  }

  @RequiresScope(Scope.SYNC_READ)
  @GetMapping("/api/v1/sync/status")
  @Operation(summary = "Per source: state, last attempt, last success, records, circuit breaker, next run")
  SyncStatus status() {
    var sources = new ArrayList<SourceStatus>();
    var next = schedule.nextRun();
    for (var name : synchronizer.names()) {
      var disabled = synchronizer.source(name).disabledBecause();
      var running = runs.running(name);
      var lastAttempt = runs.lastAttempt(name);
      var lastSuccess = runs.lastSuccess(name);
      sources.add(new SourceStatus(name, disabled.isEmpty(),
          disabled.isPresent() ? "disabled" : running.isPresent() ? "running" : "idle",
          disabled.orElse(null), running.map(SyncRun::id).orElse(null),
          lastAttempt.map(r -> r.status().name()).orElse(null), lastAttempt.map(SyncRun::startedAt).orElse(null),
          lastSuccess.map(SyncRun::finishedAt).orElse(null), lastAttempt.map(SyncRun::error).orElse(null),
          items.current(name),
          guards.circuitState(name), schedule.isScheduled(name) ? next : null));
    }
    return new SyncStatus(sources, properties.interval().toString(), DbTime.now(clock));
  }

  record SyncStatus(List<SourceStatus> sources, @Schema(example = "PT15M") String interval, Instant timestamp) {}

  record SourceStatus(
      @Schema(allowableValues = {"jsonplaceholder", "pokeapi", "openweather"}) String source,
      boolean enabled,
      @Schema(allowableValues = {"idle", "running", "disabled"}) String state,
      String reason,
      Long runningRunId,
      String lastStatus,
      Instant lastAttempt,
      Instant lastSuccess,
      String lastError,
      long records,
      @Schema(allowableValues = {"CLOSED", "OPEN", "HALF_OPEN", "DISABLED", "FORCED_OPEN", "METRICS_ONLY"}) String circuitBreaker,
      Instant nextRun) {}

  @RequiresScope(Scope.SYNC_READ)
  @GetMapping("/status")
  @Operation(summary = "Seed 003: ingestion status of the posts source (JSONPlaceholder)")
  SeedStatus seedStatus() {
    var name = JsonPlaceholderSource.NAME;
    var lastAttempt = runs.lastAttempt(name);
    var lastSuccess = runs.lastSuccess(name);
    return new SeedStatus(lastSuccess.map(SyncRun::finishedAt).orElse(null),
        lastAttempt.map(SyncRun::startedAt).orElse(null),
        lastAttempt.map(r -> switch (r.status()) {
          case RUNNING -> "running";
          case SUCCEEDED, PARTIAL -> "success";
          case FAILED, SKIPPED -> "failed";
        }).orElse("never_run"),
        lastSuccess.map(r -> (long) (r.fetched() - r.rejected())).orElse(0L));
  }

  /** Seed 003's status. */
  record SeedStatus(Instant lastSuccessfulRun, Instant lastAttempt,
      @Schema(allowableValues = {"success", "failed", "running", "never_run"}) String status, long recordsIngested) {}

  /** A source name as routes accept it (our names and seed 001's), or 400 naming the field. */
  private String canonical(String name, String field) {
    return sources.canonical(name, field);
  }
}
