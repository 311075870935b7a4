package io.tradepost.sync;

import io.tradepost.platform.DbTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The external sources for other modules (the operators' dashboard): each source's state, run
 * history, a run's rejected records, and "sync now".
 */
@Service
public class SourceRuns {

  private final Synchronizer synchronizer;
  private final SyncRuns runs;
  private final SyncSchedule schedule;
  private final SourceGuards guards;
  private final SyncSources sources;
  private final ItemQueries items;
  private final JdbcClient jdbc;

  SourceRuns(Synchronizer synchronizer, SyncRuns runs, SyncSchedule schedule, SourceGuards guards,
      SyncSources sources, ItemQueries items, JdbcClient jdbc) {
    this.sources = sources;
    this.synchronizer = synchronizer;
    this.runs = runs;
    this.schedule = schedule;
    this.guards = guards;
    this.items = items;
    this.jdbc = jdbc;
  }

  /**
   * One source as an operator sees it. The last finished run is kept apart from the one running now,
   * so a failing source does not look healthy while it retries.
   *
   * @param disabledBecause what to set to enable it; null when enabled
   * @param running the run going on now, if any
   * @param lastFinished the newest run that has ended (SKIPPED runs included), if any
   * @param records items currently stored for the source
   * @param breaker the circuit breaker's state on this instance: CLOSED, OPEN, HALF_OPEN
   * @param nextRun when the schedule runs it next; null when not scheduled
   */
  public record Source(String name, String disabledBecause, SyncRun running, SyncRun lastFinished, long records,
      String breaker, Instant nextRun) {}

  public List<String> names() {
    return synchronizer.names();
  }

  public List<Source> sources() {
    var next = schedule.nextRun();
    return synchronizer.names().stream().map(name -> new Source(name,
        synchronizer.source(name).disabledBecause().orElse(null),
        runs.running(name).orElse(null),
        lastFinished(name),
        items.current(name),
        guards.circuitState(name),
        schedule.isScheduled(name) ? next : null)).toList();
  }

  private SyncRun lastFinished(String name) {
    return runs.list(name, 5, 0).stream().filter(r -> r.status() != SyncRunStatus.RUNNING).findFirst().orElse(null);
  }

  /** Newest first, of one source or (null) every source. */
  public List<SyncRun> runs(String source, int limit) {
    return runs.list(source == null ? null : sources.canonical(source, "source"), limit, 0);
  }

  /** A record a run refused, with the reason. */
  public record Rejected(String externalId, String reason, String rawRecord, Instant rejectedAt) {}

  /** The records run {@code runId} rejected, in the order it met them. */
  public List<Rejected> rejected(long runId, int limit) {
    return jdbc.sql("""
            SELECT external_id, reason, raw_record, rejected_at FROM sync_rejects
             WHERE run_id = ? ORDER BY id LIMIT ?""")
        .params(runId, limit)
        .query((rs, row) -> new Rejected(rs.getString("external_id"), rs.getString("reason"),
            rs.getString("raw_record"), DbTime.fromDb(rs.getObject("rejected_at", LocalDateTime.class))))
        .list();
  }

  /**
   * Starts a run of the source in the background, as {@code POST /sync} does: 400 for an unknown
   * source, 409 {@code SOURCE_DISABLED} or {@code SYNC_IN_PROGRESS}.
   */
  public SyncRun syncNow(String source) {
    var run = synchronizer.begin(sources.canonical(source, "source"), SyncTrigger.MANUAL);
    synchronizer.launch(run);
    return run;
  }
}
