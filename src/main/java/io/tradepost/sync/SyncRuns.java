package io.tradepost.sync;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.Placeholders;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code sync_runs} table. Starting a run inserts it RUNNING with {@code running_source} set;
 * the unique key on that column makes the insert fail when the source already has a running run, on
 * any instance — the database is the lock.
 */
@Component
class SyncRuns {

  private static final String COLUMNS = """
      id, source, run_trigger, status, started_at, finished_at, pages, fetched, created, updated,
      unchanged, removed, rejected, attempts, error""";
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  SyncRuns(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /**
   * Inserts a RUNNING run holding the source's lock (and its schedule slot, unless {@code slot} is
   * null); empty when another run holds the lock or the slot.
   */
  Optional<SyncRun> start(String source, SyncTrigger trigger, Instant slot, Instant now) {
    var keys = new GeneratedKeyHolder();
    var at = DbTime.toDb(now);
    try {
      jdbc.sql("""
              INSERT INTO sync_runs (source, run_trigger, status, running_source, slot_at, started_at, heartbeat_at)
              VALUES (?, ?, 'RUNNING', ?, ?, ?, ?)""")
          .params(source, trigger.name(), source, DbTime.toDb(slot), at, at)
          .update(keys, "id");
    } catch (DuplicateKeyException alreadyRunning) {
      return Optional.empty();
    }
    return find(keys.getKey().longValue());
  }

  /**
   * Records that a run of {@code source} did not start because another one was going.
   *
   * @throws DuplicateKeyException when {@code slot} is not null and already has its run
   */
  SyncRun skipped(String source, SyncTrigger trigger, Instant slot, Instant now, String reason) {
    var keys = new GeneratedKeyHolder();
    var at = DbTime.toDb(now);
    jdbc.sql("""
            INSERT INTO sync_runs (source, run_trigger, status, slot_at, started_at, finished_at, heartbeat_at, error)
            VALUES (?, ?, 'SKIPPED', ?, ?, ?, ?, ?)""")
        .params(source, trigger.name(), DbTime.toDb(slot), at, at, at, reason)
        .update(keys, "id");
    return find(keys.getKey().longValue()).orElseThrow();
  }

  /** Whether the schedule slot {@code slot} of {@code source} already has its run. */
  boolean hasSlot(String source, Instant slot) {
    return jdbc.sql("SELECT COUNT(*) FROM sync_runs WHERE source = ? AND slot_at = ?")
        .params(source, DbTime.toDb(slot)).query(Integer.class).single() > 0;
  }

  /** Ends a RUNNING run; false when it was no longer RUNNING (marked stale by another instance). */
  boolean finish(long id, SyncRunStatus status, Outcome outcome, Instant now) {
    SyncRunStatus.RUNNING.transitionTo(status);
    return jdbc.sql("""
            UPDATE sync_runs
               SET status = ?, running_source = NULL, finished_at = ?, heartbeat_at = ?, pages = ?,
                   fetched = ?, created = ?, updated = ?, unchanged = ?, removed = ?, rejected = ?,
                   attempts = ?, error = ?
             WHERE id = ? AND status = 'RUNNING'""")
        .params(status.name(), DbTime.toDb(now), DbTime.toDb(now), outcome.pages(), outcome.fetched(),
            outcome.created(), outcome.updated(), outcome.unchanged(), outcome.removed(), outcome.rejected(),
            outcome.attempts(), outcome.error() == null ? null : truncate(outcome.error()), id)
        .update() == 1;
  }

  /** A finished run's numbers. */
  record Outcome(int pages, int fetched, int created, int updated, int unchanged, int removed,
      int rejected, int attempts, String error) {}

  void heartbeat(Collection<Long> ids, Instant now) {
    if (ids.isEmpty()) {
      return;
    }
    var params = new ArrayList<Object>();
    params.add(DbTime.toDb(now));
    params.addAll(ids);
    jdbc.sql("UPDATE sync_runs SET heartbeat_at = ? WHERE status = 'RUNNING' AND id IN ("
            + Placeholders.of(ids.size()) + ")")
        .params(params).update();
  }

  /** Marks FAILED the RUNNING runs whose instance stopped sending heartbeats; returns how many. */
  int failStale(Instant heartbeatBefore, Instant now) {
    return jdbc.sql("""
            UPDATE sync_runs
               SET status = 'FAILED', running_source = NULL, finished_at = ?,
                   error = 'the instance running it stopped before it finished'
             WHERE status = 'RUNNING' AND heartbeat_at < ?""")
        .params(DbTime.toDb(now), DbTime.toDb(heartbeatBefore))
        .update();
  }

  /**
   * Deletes up to {@code max} finished runs started before {@code cutoff}, oldest first, with their
   * rejects; each source's newest run, newest attempted run and newest successful run stay, since the
   * status routes report them. Returns how many runs were deleted.
   */
  int purge(Instant cutoff, int max) {
    var kept = new TreeSet<Long>();
    jdbc.sql("""
            SELECT MAX(id) AS newest,
                   MAX(CASE WHEN status <> 'SKIPPED' THEN id END) AS attempted,
                   MAX(CASE WHEN status IN ('SUCCEEDED', 'PARTIAL') THEN id END) AS succeeded
              FROM sync_runs
             GROUP BY source""")
        .query(rs -> {
          for (var column : List.of("newest", "attempted", "succeeded")) {
            var id = rs.getObject(column, Long.class);
            if (id != null) {
              kept.add(id);
            }
          }
        });
    var params = new ArrayList<Object>();
    params.add(DbTime.toDb(cutoff));
    params.addAll(kept);
    params.add(max);
    var old = jdbc.sql("SELECT id FROM sync_runs WHERE started_at < ? AND status <> 'RUNNING'"
            + (kept.isEmpty() ? "" : " AND id NOT IN (" + Placeholders.of(kept.size()) + ")")
            + " ORDER BY id LIMIT ?")
        .params(params).query(Long.class).list();
    if (old.isEmpty()) {
      return 0;
    }
    return tx.execute(status -> {
      jdbc.sql("DELETE FROM sync_rejects WHERE run_id IN (" + Placeholders.of(old.size()) + ")").params(old).update();
      return jdbc.sql("DELETE FROM sync_runs WHERE id IN (" + Placeholders.of(old.size()) + ")").params(old).update();
    });
  }

  Optional<SyncRun> find(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM sync_runs WHERE id = ?").param(id).query(SyncRuns::row).optional();
  }

  Optional<SyncRun> running(String source) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM sync_runs WHERE running_source = ?")
        .param(source).query(SyncRuns::row).optional();
  }

  List<SyncRun> list(String source, int limit, long offset) {
    var where = source == null ? "" : " WHERE source = ?";
    var params = new ArrayList<Object>();
    if (source != null) {
      params.add(source);
    }
    params.add(limit);
    params.add(offset);
    return jdbc.sql("SELECT " + COLUMNS + " FROM sync_runs" + where + " ORDER BY id DESC LIMIT ? OFFSET ?")
        .params(params).query(SyncRuns::row).list();
  }

  long count(String source) {
    return source == null
        ? jdbc.sql("SELECT COUNT(*) FROM sync_runs").query(Long.class).single()
        : jdbc.sql("SELECT COUNT(*) FROM sync_runs WHERE source = ?").param(source).query(Long.class).single();
  }

  /** The newest run that was attempted (not SKIPPED). */
  Optional<SyncRun> lastAttempt(String source) {
    return newest(source, "status <> 'SKIPPED'");
  }

  /** The newest run that stored what it fetched: SUCCEEDED, or PARTIAL with its rejects set aside. */
  Optional<SyncRun> lastSuccess(String source) {
    return newest(source, "status IN ('SUCCEEDED', 'PARTIAL')");
  }

  private Optional<SyncRun> newest(String source, String condition) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM sync_runs WHERE source = ? AND " + condition
            + " ORDER BY id DESC LIMIT 1")
        .param(source).query(SyncRuns::row).optional();
  }

  private static SyncRun row(ResultSet rs, int n) throws SQLException {
    return new SyncRun(rs.getLong("id"), rs.getString("source"), SyncTrigger.valueOf(rs.getString("run_trigger")),
        SyncRunStatus.valueOf(rs.getString("status")),
        DbTime.fromDb(rs.getObject("started_at", LocalDateTime.class)),
        DbTime.fromDb(rs.getObject("finished_at", LocalDateTime.class)),
        rs.getInt("pages"), rs.getInt("fetched"), rs.getInt("created"), rs.getInt("updated"),
        rs.getInt("unchanged"), rs.getInt("removed"), rs.getInt("rejected"), rs.getInt("attempts"),
        rs.getString("error"));
  }

  private static String truncate(String s) {
    return s.length() <= 1000 ? s : s.substring(0, 1000);
  }
}
