package io.tradepost.settlement;

import io.tradepost.platform.DbTime;
import java.math.BigDecimal;
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
      id, status, range_from, range_to, timezone, total, processed, plan, next_chunk,
      cancel_requested, error, created_at, started_at, finished_at""";

  /**
   * One chunk, pushed down: the chunk's transactions grouped by day and merchant straight into the
   * job's lines. It reads only columns of the ledger's (occurred_at, merchant_id, amount, fee) index, so
   * the database answers from the index alone. A refund is told by its amount: refunds are negative,
   * and a refund of a free order (amount 0) is the only row with neither amount nor fee — a sale
   * always pays the fixed fee. Sums are exact in every database (NUMERIC/DECIMAL); a sum that does not
   * fit the BIGINT column fails the statement (SQLSTATE 22003) instead of wrapping.
   *
   * <p>Three shapes of the same statement, by how the day of a transaction is found: one day (a
   * parameter), whole UTC days ({@code CAST(occurred_at AS DATE)}, the timestamps being UTC), whole
   * days elsewhere (a CASE over the chunk's day starts, portable and DST-exact).
   */
  private static final String SETTLE_ONE_DAY = """
      INSERT INTO settlement_lines (job_id, settlement_date, part, merchant_id, gross, fee, net, txn_count, transactions)
      SELECT ?, ?, ?, merchant_id, SUM(amount), SUM(fee), SUM(amount) - SUM(fee),
             SUM(CASE WHEN amount < 0 OR (amount = 0 AND fee = 0) THEN -1 ELSE 1 END), COUNT(*)
      FROM ledger_transactions
      WHERE occurred_at >= ? AND occurred_at < ?
      GROUP BY merchant_id""";

  private static final String SETTLE_UTC_DAYS = """
      INSERT INTO settlement_lines (job_id, settlement_date, part, merchant_id, gross, fee, net, txn_count, transactions)
      SELECT ?, CAST(occurred_at AS DATE), ?, merchant_id, SUM(amount), SUM(fee), SUM(amount) - SUM(fee),
             SUM(CASE WHEN amount < 0 OR (amount = 0 AND fee = 0) THEN -1 ELSE 1 END), COUNT(*)
      FROM ledger_transactions
      WHERE occurred_at >= ? AND occurred_at < ?
      GROUP BY CAST(occurred_at AS DATE), merchant_id""";

  /** {@code %s}: {@code CASE WHEN occurred_at < ? THEN ? … ELSE ? END}, one WHEN per day start after the first. */
  private static final String SETTLE_ZONED_DAYS = """
      INSERT INTO settlement_lines (job_id, settlement_date, part, merchant_id, gross, fee, net, txn_count, transactions)
      SELECT ?, settlement_date, ?, merchant_id, SUM(amount), SUM(fee), SUM(amount) - SUM(fee),
             SUM(CASE WHEN amount < 0 OR (amount = 0 AND fee = 0) THEN -1 ELSE 1 END), COUNT(*)
      FROM (SELECT %s AS settlement_date, merchant_id, amount, fee
            FROM ledger_transactions
            WHERE occurred_at >= ? AND occurred_at < ?) chunk
      GROUP BY settlement_date, merchant_id""";

  private static final String CHUNK_LINES = "job_id = ? AND settlement_date BETWEEN ? AND ? AND part = ?";

  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  SettlementJobs(JdbcClient jdbc, JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
  }

  /**
   * How many ledger transactions each day of the range holds, up to {@code cutoff}: what a job plans
   * its chunks and its {@code total} from. One statement, a COUNT per day joined by UNION ALL, each
   * answered from the ledger's index alone (PostgreSQL runs the branches in parallel).
   */
  long[] countPerDay(SettlementRange range, Instant cutoff) {
    var counts = new long[(int) range.days()];
    var branches = new ArrayList<String>();
    var params = new ArrayList<Object>();
    var day = range.from();
    for (int i = 0; i < counts.length && range.startOf(day).isBefore(cutoff); i++, day = day.plusDays(1)) {
      var end = range.startOf(day.plusDays(1));
      branches.add("SELECT " + i + " AS d, COUNT(*) AS n FROM ledger_transactions WHERE occurred_at >= ? AND occurred_at < ?");
      params.add(DbTime.toDb(range.startOf(day)));
      params.add(DbTime.toDb(end.isAfter(cutoff) ? cutoff : end));
    }
    if (!branches.isEmpty()) {
      jdbc.sql(String.join("\nUNION ALL\n", branches)).params(params)
          .query(rs -> {
            counts[rs.getInt("d")] = rs.getLong("n");
          });
    }
    return counts;
  }

  void insert(SettlementJob job) {
    jdbc.sql("""
            INSERT INTO settlement_jobs (id, status, range_from, range_to, timezone, total, processed, next_chunk,
                                         cancel_requested, created_at)
            VALUES (?, ?, ?, ?, ?, 0, 0, 0, FALSE, ?)""")
        .params(job.id(), job.status().name(), job.range().from(), job.range().to(), job.range().zone().getId(),
            DbTime.toDb(job.createdAt()))
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
   * A runner starts a QUEUED job with the total and plan it counted; false when the job is no longer
   * QUEUED (cancelled meanwhile, or started by another runner).
   */
  boolean start(String id, String token, long total, SettlementPlan plan, Instant at) {
    JobStatus.QUEUED.transitionTo(JobStatus.RUNNING);
    return jdbc.sql("""
            UPDATE settlement_jobs SET status = 'RUNNING', runner_token = ?, started_at = ?, total = ?, plan = ?
            WHERE id = ? AND status = 'QUEUED'""")
        .params(token, DbTime.toDb(at), total, plan.text(), id)
        .update() == 1;
  }

  /**
   * Ends a job: moves it from {@code from} to the finished status {@code to}; false when it was no
   * longer in {@code from} (or, with a {@code token}, no longer held by that runner).
   *
   * @throws io.tradepost.platform.Conflict when the lifecycle does not allow the move
   */
  boolean transition(String id, JobStatus from, JobStatus to, String token, String error, Instant at) {
    from.transitionTo(to);
    var set = new StringBuilder("status = ?, finished_at = ?");
    var params = new ArrayList<Object>(List.of(to.name(), DbTime.toDb(at)));
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
    if (token != null) {
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
   * Settles one chunk of the job in one transaction: writes the chunk's lines, then adds their
   * transactions to {@code processed} and moves the cursor up to {@code settledBelow} (every chunk below
   * it is settled once this one commits) — only if this runner still holds the job. With
   * {@code replace}, for a chunk an earlier runner may have settled, the chunk's lines are replaced and
   * {@code processed} corrected by the difference, so nothing is ever counted twice.
   *
   * <p>{@code processed} is computed from the lines by a plain read and added as a value: the job's row
   * is locked last and only for the update, so chunks settled at once by other threads never wait on
   * each other's lines (on MariaDB a subquery in the UPDATE would lock them).
   *
   * @throws LostJob when another runner has taken the job over
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void settleChunk(SettlementJob job, SettlementPlan.Chunk chunk, boolean replace, int settledBelow, String token,
      RunningJob running) {
    long replaced = 0;
    if (replace) {
      replaced = transactions(job.id(), chunk);
      jdbc.sql("DELETE FROM settlement_lines WHERE " + CHUNK_LINES).params(chunkLines(job.id(), chunk)).update();
    }
    execute(settleStatement(job, chunk), running);
    long settled = transactions(job.id(), chunk);
    int moved = jdbc.sql("""
            UPDATE settlement_jobs SET next_chunk = GREATEST(next_chunk, ?), processed = processed + ?
            WHERE id = ? AND status = 'RUNNING' AND runner_token = ?""")
        .params(settledBelow, settled - replaced, job.id(), token)
        .update();
    if (moved != 1) {
      throw new LostJob(job.id());
    }
  }

  private long transactions(String id, SettlementPlan.Chunk chunk) {
    return jdbc.sql("SELECT COALESCE(SUM(transactions), 0) FROM settlement_lines WHERE " + CHUNK_LINES)
        .params(chunkLines(id, chunk))
        .query(Long.class)
        .single();
  }

  private static List<Object> chunkLines(String id, SettlementPlan.Chunk chunk) {
    return List.of(id, chunk.firstDay(), chunk.lastDay(), chunk.index());
  }

  private record Sql(String sql, List<Object> params) {}

  private static Sql settleStatement(SettlementJob job, SettlementPlan.Chunk chunk) {
    var start = DbTime.toDb(job.cutoff(chunk.start()));
    var end = DbTime.toDb(job.cutoff(chunk.end()));
    if (chunk.oneDay()) {
      return new Sql(SETTLE_ONE_DAY, List.of(job.id(), chunk.firstDay(), chunk.index(), start, end));
    }
    var zone = job.range().zone().getRules();
    if (zone.isFixedOffset() && zone.getOffset(chunk.start()).getTotalSeconds() == 0) {
      return new Sql(SETTLE_UTC_DAYS, List.of(job.id(), chunk.index(), start, end));
    }
    var params = new ArrayList<Object>(List.of(job.id(), chunk.index()));
    var day = new StringBuilder("CASE");
    for (var d = chunk.firstDay(); d.isBefore(chunk.lastDay()); d = d.plusDays(1)) {
      day.append(" WHEN occurred_at < ? THEN ?");
      params.add(DbTime.toDb(job.range().startOf(d.plusDays(1))));
      params.add(d);
    }
    day.append(" ELSE ? END");
    params.add(chunk.lastDay());
    params.add(start);
    params.add(end);
    return new Sql(SETTLE_ZONED_DAYS.formatted(day), params);
  }

  /** Runs a statement that may take long where the job's cancel can reach it. */
  private void execute(Sql statement, RunningJob running) {
    template.execute(statement.sql(), (PreparedStatement prepared) -> {
      for (int i = 0; i < statement.params().size(); i++) {
        prepared.setObject(i + 1, statement.params().get(i));
      }
      running.executing(prepared);
      try {
        return prepared.executeUpdate();
      } finally {
        running.done(prepared);
      }
    });
  }

  /** Another runner holds the job now; thrown to roll the chunk back. */
  static final class LostJob extends RuntimeException {
    LostJob(String id) {
      super("Job " + id + " was taken over by another runner", null, false, false);
    }
  }

  /**
   * Finished jobs whose report expired before {@code cutoff} and whose lines are still stored, the
   * oldest first.
   */
  List<SettlementJob> expiredWithLines(Instant cutoff, int limit) {
    return jdbc.sql("SELECT " + COLUMNS
            + " FROM settlement_jobs WHERE finished_at < ? AND purged_at IS NULL ORDER BY finished_at, id LIMIT ?")
        .params(DbTime.toDb(cutoff), limit)
        .query(SettlementJobs::job)
        .list();
  }

  /** Deletes one day of a job's lines: a batch bounded by the merchants (and parts) of one day. */
  int deleteLines(String id, LocalDate day) {
    return jdbc.sql("DELETE FROM settlement_lines WHERE job_id = ? AND settlement_date = ?").params(id, day).update();
  }

  /** Records that a job's lines are gone, so no later purge looks at it again. */
  void purged(String id, Instant at) {
    jdbc.sql("UPDATE settlement_jobs SET purged_at = ? WHERE id = ? AND purged_at IS NULL")
        .params(DbTime.toDb(at), id)
        .update();
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
        rs.getString("merchant_id"), rs.getBigDecimal("gross"), rs.getBigDecimal("fee"), rs.getBigDecimal("net"),
        rs.getLong("txn_count")));
  }

  @FunctionalInterface
  interface LineHandler {
    /** Amounts in minor units, exact: a day's parts may sum beyond BIGINT even when each part fits. */
    void line(LocalDate date, String merchantId, BigDecimal gross, BigDecimal fee, BigDecimal net, long txnCount);
  }

  private static SettlementJob job(ResultSet rs, int row) throws SQLException {
    return SettlementJob.of(rs.getString("id"), JobStatus.valueOf(rs.getString("status")),
        rs.getObject("range_from", LocalDate.class), rs.getObject("range_to", LocalDate.class),
        rs.getString("timezone"), rs.getLong("total"), rs.getLong("processed"),
        rs.getString("plan"), rs.getInt("next_chunk"), rs.getBoolean("cancel_requested"),
        rs.getString("error"), instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return DbTime.fromDb(rs.getObject(column, LocalDateTime.class));
  }
}
