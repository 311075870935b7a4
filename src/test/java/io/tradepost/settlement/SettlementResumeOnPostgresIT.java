package io.tradepost.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.ServiceProcess;
import io.tradepost.support.TestDatabase;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The packaged jar on PostgreSQL, killed with SIGKILL in the middle of a job: after a restart JobRunr
 * finds the orphaned job, the runner takes it over at its cursor, and the report is exactly right.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class SettlementResumeOnPostgresIT {

  private static final int DAYS = 40;
  private static final int ROWS = 2_000_000;

  @TempDir
  Path workDir;

  @Test
  void aJobWhoseProcessWasKilledFinishesAfterARestartWithAnExactReport() throws Exception {
    var url = freshDatabase("settle_resume");
    // Small chunks: the job takes seconds, so there is a middle to kill it in.
    var env = Map.of("TRADEPOST_DB_URL", url, "TRADEPOST_DB_USER", TestDatabase.POSTGRESQL.user,
        "TRADEPOST_DB_PASSWORD", TestDatabase.POSTGRESQL.password, "TRADEPOST_JOBS_MAXCHUNKROWS", "2000");
    String id;
    long processedAtKill;
    try (var first = ServiceProcess.start(workDir, env)) {
      seed(url);
      var http = new Http(first.port);
      var accepted = http.post("/jobs/settlement", "{\"from\":\"2025-01-01\",\"to\":\"2025-02-09\"}");
      assertThat(accepted.status).as(accepted.body).isEqualTo(202);
      id = accepted.json().get("job_id").asString();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
          .until(() -> http.get("/jobs/" + id).json().get("processed").asLong() > 0);

      first.process().destroyForcibly();
      assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    processedAtKill = job(url, id);
    assertThat(processedAtKill).as("killed in the middle").isBetween(1L, (long) ROWS - 1);

    try (var second = ServiceProcess.start(workDir, env)) {
      var http = new Http(second.port);
      await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(250))
          .until(() -> http.get("/jobs/" + id).json().get("status").asString(), "COMPLETED"::equals);
      JsonNode done = http.get("/jobs/" + id).json();
      assertThat(done.get("processed").asLong()).isEqualTo(done.get("total").asLong()).isEqualTo(ROWS);
      assertThat(done.get("progress").asDouble()).isEqualTo(100.0);

      var csv = http.get("/downloads/" + id + ".csv");
      assertThat(csv.status).isEqualTo(200);
      assertThat(csv.body).isEqualTo(expectedCsv(url));
    }
  }

  /** A database of its own, so no other test's application takes part in this one. */
  private static String freshDatabase(String name) throws Exception {
    var base = TestDatabase.POSTGRESQL.url;
    var database = base.substring(base.lastIndexOf('/') + 1).replaceAll("\\?.*", "") + "_" + name;
    try (var connection = DriverManager.getConnection(base, TestDatabase.POSTGRESQL.user,
        TestDatabase.POSTGRESQL.password); var statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + database);
    }
    return base.substring(0, base.lastIndexOf('/') + 1) + database;
  }

  private static void seed(String url) throws Exception {
    try (var connection = DriverManager.getConnection(url, TestDatabase.POSTGRESQL.user,
        TestDatabase.POSTGRESQL.password); var statement = connection.createStatement()) {
      statement.execute("""
          INSERT INTO ledger_transactions (merchant_id, kind, amount, fee, occurred_at)
          SELECT 'm' || (x %% 37), CASE WHEN x %% 11 = 0 THEN 'REFUND' ELSE 'SALE' END,
                 CASE WHEN x %% 11 = 0 THEN -(500 + x %% 613) ELSE 1000 + x %% 997 END,
                 CASE WHEN x %% 11 = 0 THEN 0 ELSE 59 END,
                 TIMESTAMP '2025-01-01 00:00:00' + (x - 1) * (INTERVAL '1 day' * %d / %d)
          FROM generate_series(1, %d) AS x""".formatted(DAYS, ROWS, ROWS));
      statement.execute("VACUUM ANALYZE ledger_transactions");
    }
  }

  private static long job(String url, String id) throws Exception {
    try (var connection = DriverManager.getConnection(url, TestDatabase.POSTGRESQL.user,
        TestDatabase.POSTGRESQL.password);
        var statement = connection.prepareStatement("SELECT processed FROM settlement_jobs WHERE id = ?")) {
      statement.setString(1, id);
      try (var rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The report by a plain GROUP BY on the calendar date, not by the service's chunks. */
  private static String expectedCsv(String url) throws Exception {
    var csv = new StringBuilder("merchant_id,date,gross,fee,net,txn_count\n");
    try (var connection = DriverManager.getConnection(url, TestDatabase.POSTGRESQL.user,
        TestDatabase.POSTGRESQL.password); var statement = connection.createStatement();
        var rs = statement.executeQuery("""
            SELECT merchant_id, CAST(occurred_at AS DATE) AS d, SUM(amount) AS gross, SUM(fee) AS fee,
                   SUM(CASE WHEN kind = 'REFUND' THEN -1 ELSE 1 END) AS n
            FROM ledger_transactions GROUP BY merchant_id, CAST(occurred_at AS DATE)
            ORDER BY d, merchant_id""")) {
      while (rs.next()) {
        long gross = rs.getLong("gross");
        long fee = rs.getLong("fee");
        csv.append(rs.getString("merchant_id")).append(',').append(rs.getDate("d").toLocalDate()).append(',')
            .append(io.tradepost.platform.Money.toDecimal(gross).toPlainString()).append(',')
            .append(io.tradepost.platform.Money.toDecimal(fee).toPlainString()).append(',')
            .append(io.tradepost.platform.Money.toDecimal(gross - fee).toPlainString()).append(',')
            .append(rs.getLong("n")).append('\n');
      }
    }
    return csv.toString();
  }
}
