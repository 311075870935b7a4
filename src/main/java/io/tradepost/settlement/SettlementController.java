package io.tradepost.settlement;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.NotFound;
import io.tradepost.platform.Paging;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@Tag(name = "settlement")
class SettlementController {

  private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
  private final SettlementDesk desk;
  private final SettlementJobs jobs;
  private final Settlements settlements;

  SettlementController(SettlementDesk desk, SettlementJobs jobs, Settlements settlements) {
    this.desk = desk;
    this.jobs = jobs;
    this.settlements = settlements;
  }

  @RequiresScope(Scope.SETTLEMENT_WRITE)
  @PostMapping(path = {"/jobs/settlement", "/api/v1/jobs/settlement"}, consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Settle the ledger for the days from..to (inclusive, at most 366) in a time zone (default UTC)")
  @ApiResponse(responseCode = "202", description = "The job is stored QUEUED; poll GET /jobs/{id}",
      headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Location", description = "The job",
          schema = @Schema(type = "string")))
  @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: dates, range or time zone",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  ResponseEntity<Submitted> submit(@RequestBody SettlementRange.Body body) {
    var job = desk.submit(SettlementRange.from(body));
    return ResponseEntity.accepted().location(URI.create("/jobs/" + job.id()))
        .body(new Submitted(job.id(), job.status()));
  }

  record Submitted(String jobId, JobStatus status) {}

  @RequiresScope(Scope.SETTLEMENT_READ)
  @GetMapping({"/jobs/{id}", "/api/v1/jobs/{id}"})
  @Operation(summary = "A settlement job: status, progress = processed / total, download_url once COMPLETED")
  JobView get(@PathVariable String id) {
    var checked = JobIds.checked(id, "id");
    return jobs.find(checked).map(this::view).orElseThrow(() -> NotFound.of("job", checked));
  }

  @RequiresScope(Scope.SETTLEMENT_READ)
  @GetMapping({"/jobs", "/api/v1/jobs"})
  @Operation(summary = "Settlement jobs, newest first, optionally in one status; limit 1-100 (default 20)")
  Page list(@RequestParam(defaultValue = "20") int limit, @Parameter(description = "Any case", schema = @Schema(allowableValues = {"QUEUED", "RUNNING", "COMPLETED", "FAILED",
      "CANCELLED", "queued", "running", "completed", "failed", "cancelled"})) @RequestParam(required = false) String status) {
    Paging.check(limit, 0);
    var filter = status == null ? null : Settlements.parse(status);
    return new Page(jobs.list(filter, limit).stream().map(this::view).toList(), jobs.count(filter), limit);
  }

  record Page(List<JobView> data, long total, int limit) {}

  @RequiresScope(Scope.SETTLEMENT_WRITE)
  @PostMapping({"/jobs/{id}/cancel", "/api/v1/jobs/{id}/cancel"})
  @Operation(summary = "Cancel: a QUEUED job at once, a RUNNING one within a second; 409 when finished")
  @ApiResponse(responseCode = "200", description = "Cancellation requested")
  @ApiResponse(responseCode = "409", description = "INVALID_STATE_TRANSITION: the job has finished",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  Cancelled cancel(@PathVariable String id) {
    var job = desk.cancel(JobIds.checked(id, "id"));
    return new Cancelled("Job cancellation requested", job.id(), job.status());
  }

  record Cancelled(String message, String jobId, JobStatus status) {}

  @RequiresScope(Scope.SETTLEMENT_READ)
  @GetMapping({"/downloads/{file}", "/api/v1/downloads/{file}"})
  @Operation(summary = "The CSV of a COMPLETED job: merchant_id,date,gross,fee,net,txn_count by date, merchant")
  @ApiResponse(responseCode = "200", description = "The report, as an attachment", content = @Content(mediaType = "text/csv",
      schema = @Schema(type = "string", format = "binary"), examples = @ExampleObject(value = """
          merchant_id,date,gross,fee,net,txn_count
          MERCH-001,2024-01-01,1500.00,43.80,1456.20,12
          """)))
  @ApiResponse(responseCode = "409", description = "JOB_NOT_COMPLETED",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(responseCode = "410", description = "REPORT_EXPIRED: the job finished longer ago than the retention",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  ResponseEntity<StreamingResponseBody> download(@PathVariable String file) {
    if (!file.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      throw InvalidInput.field("file", "must be <job_id>.csv");
    }
    var report = settlements.report(file.substring(0, file.length() - ".csv".length()));
    StreamingResponseBody body = report::writeTo;
    return ResponseEntity.ok()
        .contentType(CSV)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(report.fileName()).build().toString())
        .header(HttpHeaders.CACHE_CONTROL, "private, max-age=31536000, immutable")
        .body(body);
  }

  private JobView view(SettlementJob job) {
    return JobView.of(job, job.status() == JobStatus.COMPLETED && !settlements.expired(job));
  }

  /** A job as clients see it; {@code total} is null until the job has counted its range. */
  record JobView(
      String jobId,
      JobStatus status,
      double progress,
      long processed,
      Long total,
      LocalDate from,
      LocalDate to,
      String timezone,
      @JsonInclude(JsonInclude.Include.NON_NULL) String downloadUrl,
      @JsonInclude(JsonInclude.Include.NON_NULL) String error,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt) {

    static JobView of(SettlementJob job, boolean report) {
      return new JobView(job.id(), job.status(), job.progress(), job.processed(),
          job.counted() ? job.total() : null, job.range().from(), job.range().to(), job.range().zone().getId(),
          report ? "/downloads/" + job.id() + ".csv" : null, job.error(),
          job.createdAt(), job.startedAt(), job.finishedAt());
    }
  }
}
