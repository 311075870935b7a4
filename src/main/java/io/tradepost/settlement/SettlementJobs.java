package io.tradepost.settlement;

import io.tradepost.platform.DbTime;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code settlement_jobs} and {@code settlement_lines} tables. Every status change is one guarded
 * update ({@code WHERE status = :from}), checked against {@link JobStatus} first.
 */
@Repository
class SettlementJobs {

  private static final String COLUMNS = """
      id, status, range_from, range_to, timezone, total, processed, parts_per_day, next_chunk,
      cancel_requested, error, created_at, started_at, finished_at""";

  /**
   * One chunk, pushed down: the chunk's transactions grouped by merchant straight into the job's lines.
   * It reads only columns of the ledger's (occurred_at, merchant_id, amount, fee) index, so the database
   * answers from the index alone. A refund is told by its amount: refunds are negative, and a refund of
   * a free order (amount 0) is the only row with neither amount nor fee — a sale always pays the fixed fee.
   */
  private static final String SETTLE_CHUNK = """
      INSERT INTO settlement_lines (job_id, settlement_date, part, merchant_id, gross, fee, net, txn_count, transactions)
      SELECT ?, ?, ?, merchant_id, SUM(amount), SUM(fee), SUM(amount) - SUM(fee),
             SUM(CASE WHEN amount < 0 OR (amount = 0 AND fee = 0) THEN -1 ELSE 1 END), COUNT(*)
      FROM ledger_transactions
      WHERE occurred_at >= ? AND occurred_at < ?
      GROUP BY merchant_id""";

  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  SettlementJobs(JdbcClient jdbc, JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
  }

  /** How many ledger transactions happened in [start, end): a job's {@code total}. */
  long count(Instant start, Instant end) {
    return jdbc.sql("SELECT COUNT(*) FROM ledger_transactions WHERE occurred_at >= ? AND occurred_at < ?")
        .params(DbTime.toDb(start), DbTime.toDb(end))
        .query(Long.class)
        .single();
  }

  void insert(SettlementJob job) {
    jdbc.sql("""
            INSERT INTO settlement_jobs (id, status, range_from, range_to, timezone, total, processed, parts_per_day,
                                         next_chunk, cancel_requested, created_at)
            VALUES (?, ?, ?, ?, ?, ?, 0, ?, 0, FALSE, ?)""")
        .params(job.id(), job.status().name(), job.range().from(), job.range().to(), job.range().zone().getId(),
            job.total(), job.partsPerDay(), DbTime.toDb(job.createdAt()))
        .update();
  }

  Optional<SettlementJob> find(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM settlement_jobs WHERE id = ?").param(id)
        .query(SettlementJobs::job).optional();
  }

  /** Newest first, optionally only jobs in {@code status}. */
  List<SettlementJob> list(JobStatus status, int limit) {
    var params = new ArrayList<Object>();
    var where = "";
    if (status != null) {
      where = " WHERE status = ?";
      params.add(status.name());
    }
    params.add(limit);
    return jdbc.sql("SELECT " + COLUMNS + " FROM settlement_jobs" + where + " ORDER BY created_at DESC, id DESC LIMIT ?")
        .params(params)
        .query(SettlementJobs::job)
        .list();
  }

  long count(JobStatus status) {
    return status == null
        ? jdbc.sql("SELECT COUNT(*) FROM settlement_jobs").query(Long.class).single()
        : jdbc.sql("SELECT COUNT(*) FROM settlement_jobs WHERE status = ?").param(status.name()).query(Long.class)
            .single();
  }

  Map<JobStatus, Long> countByStatus() {
    var counts = new EnumMap<JobStatus, Long>(JobStatus.class);
    for (var status : JobStatus.values()) {
      counts.put(status, 0L);
    }
    jdbc.sql("SELECT status, COUNT(*) AS n FROM settlement_jobs GROUP BY status")
        .query(rs -> {
          counts.put(JobStatus.valueOf(rs.getString("status")), rs.getLong("n"));
        });
    return counts;
  }

  /**
   * Moves a job from {@code from} to {@code to}; false when it was no longer in {@code from} (or, with a
   * {@code token}, no longer held by that runner).
   *
   * @throws io.tradepost.platform.Conflict when the lifecycle does not allow the move
   */
  boolean transition(String id, JobStatus from, JobStatus to, String token, String error, Instant at) {
    from.transitionTo(to);
    var set = new StringBuilder("status = ?");
    var params = new ArrayList<Object>(List.of(to.name()));
    if (to == JobStatus.RUNNING) {
      set.append(", runner_token = ?, started_at = ?");
      params.add(token);
      params.add(DbTime.toDb(at));
    } else {
      set.append(", finished_at = ?");
      params.add(DbTime.toDb(at));
    }
    if (to == JobStatus.CANCELLED) {
      set.append(", cancel_requested = TRUE");
    }
    if (error != null) {
      set.append(", error = ?");
      params.add(error);
    }
    var where = new StringBuilder(" WHERE id = ? AND status = ?");
    params.add(id);
    params.add(from.name());
    if (token != null && to != JobStatus.RUNNING) {
      where.append(" AND runner_token = ?");
      params.add(token);
    }
    return jdbc.sql("UPDATE settlement_jobs SET " + set + where).params(params).update() == 1;
  }

  /** A runner takes over a RUNNING job whose previous runner died; false when it is no longer RUNNING. */
  boolean takeOver(String id, String token) {
    return jdbc.sql("UPDATE settlement_jobs SET runner_token = ? WHERE id = ? AND status = 'RUNNING'")
        .params(token, id)
        .update() == 1;
  }

  /** Asks a RUNNING job to stop; false when it is not RUNNING (any more). */
  boolean requestCancel(String id) {
    return jdbc.sql("UPDATE settlement_jobs SET cancel_requested = TRUE WHERE id = ? AND status = 'RUNNING'")
        .param(id)
        .update() == 1;
  }

  boolean cancelRequested(String id) {
    return jdbc.sql("SELECT cancel_requested FROM settlement_jobs WHERE id = ?").param(id).query(Boolean.class)
        .optional().orElse(false);
  }

  /** Ids of RUNNING jobs, on any instance, that were asked to stop. */
  List<String> runningWithCancelRequest() {
    return jdbc.sql("SELECT id FROM settlement_jobs WHERE status = 'RUNNING' AND cancel_requested = TRUE")
        .query(String.class).list();
  }

  /**
   * Settles chunk {@code index} of the job in one transaction: replaces the chunk's lines, then moves the
   * job's cursor and {@code processed} — only if this runner still holds the job and the cursor is where
   * it expects. A resumed job therefore neither skips nor double-counts a chunk.
   *
   * @throws LostJob when another runner has taken the job over
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void settleChunk(SettlementJob job, SettlementRange.Chunk chunk, int index, String token, RunningJob running) {
    jdbc.sql("DELETE FROM settlement_lines WHERE job_id = ? AND settlement_date = ? AND part = ?")
        .params(job.id(), chunk.day(), chunk.part())
        .update();
    var end = job.cutoff(chunk.end());
    var start = job.cutoff(chunk.start());
    template.execute(SETTLE_CHUNK, (PreparedStatement statement) -> {
      statement.setString(1, job.id());
      statement.setObject(2, chunk.day());
      statement.setInt(3, chunk.part());
      statement.setObject(4, DbTime.toDb(start));
      statement.setObject(5, DbTime.toDb(end));
      running.executing(statement);
      try {
        return statement.executeUpdate();
      } finally {
        running.executing(null);
      }
    });
    int moved = jdbc.sql("""
            UPDATE settlement_jobs
            SET next_chunk = ?,
                processed = processed + (SELECT COALESCE(SUM(transactions), 0) FROM settlement_lines
                                         WHERE job_id = ? AND settlement_date = ? AND part = ?)
            WHERE id = ? AND status = 'RUNNING' AND runner_token = ? AND next_chunk = ?""")
        .params(index + 1, job.id(), chunk.day(), chunk.part(), job.id(), token, index)
        .update();
    if (moved != 1) {
      throw new LostJob(job.id());
    }
  }

  /** Another runner holds the job now; thrown to roll the chunk back. */
  static final class LostJob extends RuntimeException {
    LostJob(String id) {
      super("Job " + id + " was taken over by another runner", null, false, false);
    }
  }

  /**
   * Streams the job's lines, sorted by date then merchant, to {@code row} — a row at a time, in
   * constant memory (the driver fetches in batches within the caller's read-only transaction).
   */
  @Transactional(readOnly = true)
  void forEachLine(String id, LineHandler row) {
    template.query(connection -> {
      var statement = connection.prepareStatement("""
          SELECT settlement_date, merchant_id, SUM(gross) AS gross, SUM(fee) AS fee, SUM(net) AS net,
                 SUM(txn_count) AS txn_count
          FROM settlement_lines
          WHERE job_id = ?
          GROUP BY settlement_date, merchant_id
          ORDER BY settlement_date, merchant_id""", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      statement.setFetchSize(1_000);
      statement.setString(1, id);
      return statement;
    }, (RowCallbackHandler) rs -> row.line(rs.getObject("settlement_date", LocalDate.class),
        rs.getString("merchant_id"), rs.getLong("gross"), rs.getLong("fee"), rs.getLong("net"),
        rs.getLong("txn_count")));
  }

  @FunctionalInterface
  interface LineHandler {
    void line(LocalDate date, String merchantId, long gross, long fee, long net, long txnCount);
  }

  private static SettlementJob job(ResultSet rs, int row) throws SQLException {
    return SettlementJob.of(rs.getString("id"), JobStatus.valueOf(rs.getString("status")),
        rs.getObject("range_from", LocalDate.class), rs.getObject("range_to", LocalDate.class),
        rs.getString("timezone"), rs.getLong("total"), rs.getLong("processed"),
        rs.getInt("parts_per_day"), rs.getInt("next_chunk"), rs.getBoolean("cancel_requested"),
        rs.getString("error"), instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return DbTime.fromDb(rs.getObject(column, LocalDateTime.class));
  }
}
