package io.tradepost.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.platform.Money;
import io.tradepost.support.Http;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jobrunr.server.BackgroundJobServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Settlement jobs over HTTP, the same on every database. */
abstract class SettlementContract {

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  BackgroundJobServer jobServer;

  @Autowired
  ReportRetention retention;

  Http http;

  /**
   * A ledger whose edges matter: refunds, several merchants, transactions on the stroke of midnight, and
   * a free order refunded (amount 0 both ways, told apart by the sale's fixed fee).
   */
  static final List<Txn> LEDGER = List.of(
      sale("m01", "2025-03-01T00:00:00", 10_000),
      sale("m01", "2025-03-01T16:59:59", 2_550),
      sale("m02", "2025-03-01T17:00:00", 99_999),
      refund("m01", "2025-03-01T23:59:59", 2_550),
      sale("m03", "2025-03-01T23:59:59.999999", 1),
      sale("m02", "2025-03-02T00:00:00", 4_000),
      sale("m01", "2025-03-02T12:00:00", 123_456),
      refund("m02", "2025-03-02T16:59:59.999999", 4_000),
      sale("m03", "2025-03-02T17:00:00", 700),
      sale("m03", "2025-03-02T23:59:59", 300),
      sale("m01", "2025-03-03T00:00:00", 5_000),
      sale("m03", "2025-03-03T05:00:00", 0),
      refund("m03", "2025-03-03T06:00:00", 0),
      refund("m01", "2025-03-03T10:00:00", 10_000),
      sale("m02", "2025-02-28T23:59:59", 77_777),
      sale("m02", "2025-03-04T00:00:00", 88_888));

  @BeforeEach
  void emptyLedgerAndJobs() {
    http = new Http(port);
    jobServer.resumeProcessing();
    // TRUNCATE, not DELETE: millions of dead rows from the large-ledger test would slow PostgreSQL's
    // planner (it probes index ends for the actual value range) for the rest of the class.
    for (var table : List.of("settlement_lines", "settlement_jobs", "ledger_transactions")) {
      jdbc.sql("TRUNCATE TABLE " + table).update();
    }
  }

  @Test
  void theCsvEqualsTheLedgerSettledIndependentlyInUtc() {
    seed(LEDGER);

    var job = completed(submit("2025-03-01", "2025-03-03", null));

    assertThat(download(job).body).isEqualTo(expectedCsv(LEDGER, LocalDate.parse("2025-03-01"),
        LocalDate.parse("2025-03-03"), ZoneOffset.UTC));
    assertThat(download(job).body).startsWith("""
        merchant_id,date,gross,fee,net,txn_count
        m01,2025-03-01,100.00,""");
  }

  @Test
  void aTimeZoneMovesTheDayBoundaries() {
    seed(LEDGER);

    var job = completed(submit("2025-03-01", "2025-03-03", "Asia/Jakarta"));

    var csv = download(job).body;
    assertThat(csv).isEqualTo(expectedCsv(LEDGER, LocalDate.parse("2025-03-01"), LocalDate.parse("2025-03-03"),
        ZoneId.of("Asia/Jakarta")));
    // 17:00 UTC is midnight in Jakarta (UTC+7): m02's 999.99 belongs to 2 March there, and its
    // 28 February 23:59:59 UTC sale to 1 March.
    assertThat(csv).contains("m02,2025-03-01,777.77,", "m02,2025-03-02,999.99,").doesNotContain("m02,2025-03-01,999.99");
  }

  @Test
  void theSameRangeTwiceGivesTwoJobsWithByteIdenticalReports() {
    seed(LEDGER);

    var first = completed(submit("2025-02-28", "2025-03-04", null));
    var second = completed(submit("2025-02-28", "2025-03-04", null));

    assertThat(first.get("job_id").asString()).isNotEqualTo(second.get("job_id").asString());
    var a = download(first);
    var b = download(second);
    assertThat(a.body).isEqualTo(b.body).isEqualTo(download(first).body);
    assertThat(a.body.lines()).hasSize(1 + 10);
    assertThat(a.contentType()).startsWith("text/csv");
    assertThat(a.header("Content-Disposition")).startsWith("attachment").contains(first.get("job_id").asString());
  }

  @Test
  void progressReachesOneHundredWithProcessedEqualToATotalKnownBeforeAnythingIsSettled() {
    seed(LEDGER);

    var accepted = http.post("/jobs/settlement", "{\"from\":\"2025-03-01\",\"to\":\"2025-03-03\"}");
    assertThat(accepted.status).isEqualTo(202);
    assertThat(accepted.json().get("status").asString()).isEqualTo("QUEUED");
    var id = accepted.json().get("job_id").asString();
    assertThat(id).matches("job_[0-9a-f-]{36}");
    var polls = new ArrayList<JsonNode>();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
        .until(() -> polls.add(http.get("/jobs/" + id).json())
            && polls.get(polls.size() - 1).get("status").asString().equals("COMPLETED"));

    assertThat(polls).allSatisfy(poll -> {
      if (poll.get("total").isNull()) {
        assertThat(poll.get("status").asString()).isEqualTo("QUEUED");
        assertThat(poll.get("processed").asLong()).isZero();
      } else {
        assertThat(poll.get("total").asLong()).isEqualTo(14);
      }
    });
    var done = polls.get(polls.size() - 1);
    assertThat(done.get("progress").asDouble()).isEqualTo(100.0);
    assertThat(done.get("processed").asLong()).isEqualTo(done.get("total").asLong()).isEqualTo(14);
    assertThat(done.get("download_url").asString()).isEqualTo("/downloads/" + id + ".csv");
    assertThat(done.get("started_at").isNull()).isFalse();
    assertThat(done.get("finished_at").asString()).endsWith("Z");
  }

  @Test
  void aSumBeyondWhatALineHoldsFailsTheJobInsteadOfWrapping() {
    long half = 5_000_000_000_000_000_000L; // two of them: 10^19 minor units, beyond a BIGINT
    seed(List.of(new Txn("whale", "SALE", LocalDateTime.parse("2025-03-01T10:00:00"), half, 30),
        new Txn("whale", "SALE", LocalDateTime.parse("2025-03-01T11:00:00"), half, 30),
        sale("m01", "2025-03-01T12:00:00", 100)));

    var id = submit("2025-03-01", "2025-03-01", null).get("job_id").asString();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25))
        .until(() -> http.get("/jobs/" + id).json().get("status").asString(), s -> s.equals("FAILED") || s.equals("COMPLETED"));

    var failed = http.get("/jobs/" + id).json();
    assertThat(failed.get("status").asString()).isEqualTo("FAILED");
    assertThat(failed.get("error").asString()).contains("does not fit a settlement line").contains("nothing was rounded");
    assertThat(failed.has("download_url")).isFalse();
  }

  @Test
  void aReportOlderThanTheRetentionAnswers410AndItsLinesArePurgedOnce() {
    seed(LEDGER);
    var old = completed(submit("2025-03-01", "2025-03-03", null)).get("job_id").asString();
    var recent = completed(submit("2025-03-01", "2025-03-03", null)).get("job_id").asString();
    jdbc.sql("UPDATE settlement_jobs SET finished_at = ? WHERE id = ?")
        .params(LocalDateTime.now(ZoneOffset.UTC).minusDays(91), old).update();

    var gone = problem(http.get("/downloads/" + old + ".csv"), 410);
    assertThat(gone.get("code").asString()).isEqualTo("REPORT_EXPIRED");
    assertThat(http.get("/jobs/" + old).json().has("download_url")).isFalse();
    assertThat(retention.purge()).isEqualTo(1);
    assertThat(retention.purge()).isZero();

    assertThat(lines(old)).isZero();
    assertThat(lines(recent)).isEqualTo(8);
    assertThat(download(http.get("/jobs/" + recent).json()).body).isEqualTo(expectedCsv(LEDGER,
        LocalDate.parse("2025-03-01"), LocalDate.parse("2025-03-03"), ZoneOffset.UTC));
    assertThat(problem(http.get("/downloads/" + old + ".csv"), 410).get("code").asString()).isEqualTo("REPORT_EXPIRED");
  }

  private long lines(String jobId) {
    return jdbc.sql("SELECT COUNT(*) FROM settlement_lines WHERE job_id = ?").param(jobId).query(Long.class).single();
  }

  @Test
  void aRangeWithoutTransactionsCompletesWithAHeaderOnlyReport() {
    var job = completed(submit("2020-01-01", "2020-12-31", "Europe/Berlin"));

    assertThat(job.get("total").asLong()).isZero();
    assertThat(job.get("progress").asDouble()).isEqualTo(100.0);
    assertThat(download(job).body).isEqualTo("merchant_id,date,gross,fee,net,txn_count\n");
  }

  @Test
  void aQueuedJobIsCancelledAtOnceAndNeverRuns() {
    seed(LEDGER);
    jobServer.pauseProcessing();

    var queued = submit("2025-03-01", "2025-03-03", null);
    var id = queued.get("job_id").asString();
    var cancel = http.post("/jobs/" + id + "/cancel", "");

    assertThat(cancel.status).isEqualTo(200);
    assertThat(cancel.json().get("message").asString()).isEqualTo("Job cancellation requested");
    assertThat(http.get("/jobs/" + id).json().get("status").asString()).isEqualTo("CANCELLED");
    jobServer.resumeProcessing();
    assertThat(completed(submit("2025-03-01", "2025-03-01", null)).get("status").asString()).isEqualTo("COMPLETED");
    var after = http.get("/jobs/" + id).json();
    assertThat(after.get("status").asString()).isEqualTo("CANCELLED");
    assertThat(after.get("processed").asLong()).isZero();
    assertThat(after.has("download_url")).isFalse();
    assertThat(problem(http.get("/downloads/" + id + ".csv"), 409).get("code").asString())
        .isEqualTo("JOB_NOT_COMPLETED");
  }

  @Test
  void aRunningJobOverALargeLedgerIsCancelledWithinASecond() {
    seedLarge(largeLedgerRows(), 10);

    var id = submit("2025-01-01", "2025-01-10", null).get("job_id").asString();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> "RUNNING".equals(http.get("/jobs/" + id).json().get("status").asString()));
    long asked = System.nanoTime();
    assertThat(http.post("/jobs/" + id + "/cancel", "").status).isEqualTo(200);

    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
        .until(() -> "CANCELLED".equals(http.get("/jobs/" + id).json().get("status").asString()));
    var cancelled = http.get("/jobs/" + id).json();
    assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(1));
    assertThat(cancelled.get("processed").asLong()).isLessThan(cancelled.get("total").asLong());
    assertThat(cancelled.get("finished_at").asString()).endsWith("Z");
  }

  @Test
  void cancellingAFinishedJobIsRejectedAndAnUnknownOneIsNotFound() {
    var job = completed(submit("2025-03-01", "2025-03-01", null));

    var again = http.post("/jobs/" + job.get("job_id").asString() + "/cancel", "");
    assertThat(problem(again, 409).get("code").asString()).isEqualTo("INVALID_STATE_TRANSITION");
    var unknown = http.post("/jobs/job_00000000-0000-0000-0000-000000000000/cancel", "");
    assertThat(problem(unknown, 404).get("code").asString()).isEqualTo("NOT_FOUND");
    assertThat(problem(http.get("/jobs/job_00000000-0000-0000-0000-000000000000"), 404).get("code").asString())
        .isEqualTo("NOT_FOUND");
    assertThat(problem(http.get("/downloads/job_00000000-0000-0000-0000-000000000000.csv"), 404)
        .get("code").asString()).isEqualTo("NOT_FOUND");
  }

  @Test
  void badInputsAreProblemsWithTheFieldAtFault() {
    for (var body : List.of(
        "{\"from\":\"2025-03-01\"}",
        "{\"to\":\"2025-03-01\"}",
        "{\"from\":\"2025-3-1\",\"to\":\"2025-03-01\"}",
        "{\"from\":\"2025-02-30\",\"to\":\"2025-03-01\"}",
        "{\"from\":20250301,\"to\":\"2025-03-01\"}",
        "{\"from\":\"2025-03-02\",\"to\":\"2025-03-01\"}",
        "{\"from\":\"2024-01-01\",\"to\":\"2025-01-01\"}",
        "{\"from\":\"2025-03-01\",\"to\":\"2025-03-01\",\"timezone\":\"Mars/Olympus\"}",
        "{\"from\":\"2025-03-01\",\"to\":\"2025-03-01\",\"timezone\":\"+07:00\"}")) {
      var response = http.sendingInvalidRequests().post("/jobs/settlement", body);
      assertThat(problem(response, 400).get("code").asString()).as(body).isEqualTo("VALIDATION_FAILED");
      assertThat(response.json().get("errors")).as(body).isNotEmpty();
    }
    assertThat(problem(http.sendingInvalidRequests().post("/api/v1/jobs/settlement", "{\"from\":"), 400).get("code").asString())
        .isEqualTo("MALFORMED_JSON");
    var longest = http.post("/api/v1/jobs/settlement", "{\"from\":\"2024-01-01\",\"to\":\"2024-12-31\"}");
    assertThat(longest.status).as("366 days is the longest range").isEqualTo(202);
    completed(longest.json());
    assertThat(problem(http.sendingInvalidRequests().get("/jobs?limit=0"), 400).get("code").asString()).isEqualTo("VALIDATION_FAILED");
    assertThat(problem(http.sendingInvalidRequests().get("/jobs?status=DONE"), 400).get("code").asString()).isEqualTo("VALIDATION_FAILED");
    for (var path : List.of("/jobs/123", "/jobs/order_00000000-0000-0000-0000-000000000000",
        "/downloads/job_123.csv", "/downloads/..%2E.csv", "/downloads/passwd",
        "/downloads/job_00000000-0000-0000-0000-000000000000.txt",
        "/downloads/.._job_00000000-0000-0000-0000-000000000000.csv")) {
      assertThat(problem(http.get(path), 400).get("code").asString()).as(path).isEqualTo("VALIDATION_FAILED");
    }
    assertThat(problem(http.post("/jobs/nope/cancel", ""), 400).get("code").asString()).isEqualTo("VALIDATION_FAILED");
  }

  @Test
  void theJobListShowsNewestFirstAndFiltersByStatus() {
    var first = completed(submit("2025-03-01", "2025-03-01", null)).get("job_id").asString();
    var second = completed(submit("2025-03-02", "2025-03-02", null)).get("job_id").asString();

    var page = http.get("/jobs?limit=1&status=completed").json();
    assertThat(page.get("total").asLong()).isEqualTo(2);
    assertThat(page.get("data").get(0).get("job_id").asString()).isEqualTo(second);
    assertThat(http.get("/api/v1/jobs?status=FAILED").json().get("data")).isEmpty();
    assertThat(http.get("/jobs").json().get("data").get(1).get("job_id").asString()).isEqualTo(first);
    assertThat(http.get("/metrics").body).contains("tradepost_settlement_jobs{status=\"COMPLETED\"} 2.0")
        .contains("tradepost_settlement_job_duration_seconds_count{status=\"COMPLETED\"}");
  }

  /** Rows for the cancel test: enough that settling takes seconds on this database. */
  abstract int largeLedgerRows();

  /** Inserts {@code rows} sales spread evenly over {@code days} days from 2025-01-01, 50 merchants. */
  abstract void seedLarge(int rows, int days);

  // --- helpers ---

  JsonNode submit(String from, String to, String zone) {
    var body = zone == null
        ? "{\"from\":\"%s\",\"to\":\"%s\"}".formatted(from, to)
        : "{\"from\":\"%s\",\"to\":\"%s\",\"timezone\":\"%s\"}".formatted(from, to, zone);
    var response = http.post("/jobs/settlement", body);
    assertThat(response.status).as(response.body).isEqualTo(202);
    return response.json();
  }

  JsonNode completed(JsonNode submitted) {
    var id = submitted.get("job_id").asString();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25))
        .until(() -> http.get("/jobs/" + id).json().get("status").asString(), s -> !s.equals("QUEUED") && !s.equals("RUNNING"));
    var job = http.get("/jobs/" + id).json();
    assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("COMPLETED");
    return job;
  }

  Http.Response download(JsonNode job) {
    var response = http.get(job.get("download_url").asString());
    assertThat(response.status).as(response.body).isEqualTo(200);
    return response;
  }

  static JsonNode problem(Http.Response response, int status) {
    assertThat(response.status).as(response.toString()).isEqualTo(status);
    assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
    return response.json();
  }

  record Txn(String merchant, String kind, LocalDateTime at, long amount, long fee) {}

  static Txn sale(String merchant, String at, long amount) {
    return new Txn(merchant, "SALE", LocalDateTime.parse(at), amount, amount * 290 / 10_000 + 30);
  }

  static Txn refund(String merchant, String at, long amount) {
    return new Txn(merchant, "REFUND", LocalDateTime.parse(at), -amount, 0);
  }

  /** One multi-row insert, as the ledger writes it. */
  void seed(List<Txn> txns) {
    var values = new ArrayList<String>();
    var params = new ArrayList<Object>();
    for (var t : txns) {
      values.add("(?, ?, ?, ?, ?)");
      params.addAll(List.of(t.merchant(), t.kind(), t.amount(), t.fee(), t.at()));
    }
    jdbc.sql("INSERT INTO ledger_transactions (merchant_id, kind, amount, fee, occurred_at) VALUES "
        + String.join(", ", values)).params(params).update();
  }

  /** The report computed here, from the transactions themselves, without the service's SQL. */
  static String expectedCsv(List<Txn> txns, LocalDate from, LocalDate to, ZoneId zone) {
    Map<String, long[]> lines = new TreeMap<>();
    for (var t : txns) {
      var day = t.at().toInstant(ZoneOffset.UTC).atZone(zone).toLocalDate();
      if (day.isBefore(from) || day.isAfter(to)) {
        continue;
      }
      var sums = lines.computeIfAbsent(day + "," + t.merchant(), k -> new long[3]);
      sums[0] += t.amount();
      sums[1] += t.fee();
      sums[2] += t.kind().equals("REFUND") ? -1 : 1;
    }
    var csv = new StringBuilder("merchant_id,date,gross,fee,net,txn_count\n");
    lines.forEach((key, s) -> {
      var dayAndMerchant = key.split(",");
      csv.append(dayAndMerchant[1]).append(',').append(dayAndMerchant[0]).append(',')
          .append(Money.toDecimal(s[0]).toPlainString()).append(',').append(Money.toDecimal(s[1]).toPlainString())
          .append(',').append(Money.toDecimal(s[0] - s[1]).toPlainString()).append(',').append(s[2]).append('\n');
    });
    return csv.toString();
  }
}
