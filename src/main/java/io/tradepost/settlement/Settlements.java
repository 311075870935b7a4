package io.tradepost.settlement;

import io.tradepost.platform.Conflict;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.NotFound;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Settlement jobs for other modules (the operators' dashboard): list, count, submit, cancel and the
 * CSV report, with the same checks as the HTTP API.
 */
@Service
public class Settlements {

  private final SettlementDesk desk;
  private final SettlementJobs jobs;
  private final JobsProperties properties;
  private final Clock clock;

  Settlements(SettlementDesk desk, SettlementJobs jobs, JobsProperties properties, Clock clock) {
    this.desk = desk;
    this.jobs = jobs;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * A settlement job as the dashboard shows it.
   *
   * @param progress percent done, one decimal
   * @param total null until the job has counted its range
   * @param reportReady whether its CSV can be downloaded (COMPLETED and not expired)
   */
  public record Job(String id, String status, double progress, long processed, Long total, LocalDate from,
      LocalDate to, String error, Instant createdAt, Instant startedAt, Instant finishedAt, boolean finished,
      boolean reportReady) {

    /** Progress in whole percent, 0-100. */
    public int percent() {
      return (int) Math.floor(progress);
    }
  }

  /** The job statuses, in lifecycle order. */
  public static List<String> statuses() {
    return List.of(JobStatus.values()).stream().map(Enum::name).toList();
  }

  /** Newest first; {@code status} null for every status, else one of {@link #statuses()} (400 otherwise). */
  public List<Job> list(String status, int limit) {
    return jobs.list(status == null || status.isBlank() ? null : parse(status), limit).stream().map(this::view).toList();
  }

  /** The given jobs that still exist, in the given order. */
  public List<Job> find(List<String> ids) {
    return ids.stream().flatMap(id -> jobs.find(id).stream()).map(this::view).toList();
  }

  /** How many jobs are in each status, every status listed. */
  public Map<String, Long> countByStatus() {
    var counts = new LinkedHashMap<String, Long>();
    jobs.countByStatus().forEach((status, n) -> counts.put(status.name(), n));
    return counts;
  }

  /** Submits a job for the days {@code from..to} (inclusive, UTC); 400 {@code VALIDATION_FAILED} when not a range. */
  public Job submit(String from, String to) {
    return view(desk.submit(SettlementRange.from(new SettlementRange.Body(from, to, null))));
  }

  /** Cancels a job: 404 when unknown, 409 {@code INVALID_STATE_TRANSITION} when finished. */
  public Job cancel(String id) {
    return view(desk.cancel(JobIds.checked(id, "id")));
  }

  /** A COMPLETED job's report, checked before any byte is written. */
  public interface Report {
    /** The file name the report is offered under: {@code <job_id>.csv}. */
    String fileName();

    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * The CSV of a job: 404 when unknown, 409 {@code JOB_NOT_COMPLETED}, 410 {@code REPORT_EXPIRED}.
   */
  public Report report(String jobId) {
    var id = JobIds.checked(jobId, "job_id");
    var job = jobs.find(id).orElseThrow(() -> NotFound.of("job", id));
    if (job.status() != JobStatus.COMPLETED) {
      throw Conflict.of("JOB_NOT_COMPLETED", "Job '" + id + "' is " + job.status() + "; only a COMPLETED job has a report");
    }
    if (expired(job)) {
      throw ReportExpired.of(job, properties);
    }
    return new Report() {
      @Override
      public String fileName() {
        return id + ".csv";
      }

      @Override
      public void writeTo(OutputStream stream) throws IOException {
        var writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
        var csv = new CsvReport(writer);
        csv.header();
        jobs.forEachLine(id, csv::line);
        writer.flush();
      }
    };
  }

  /**
   * A report expires with the retention, whether or not the purge has deleted its lines yet: a
   * download never streams a report the purge may be taking apart.
   */
  boolean expired(SettlementJob job) {
    return job.finishedAt() != null && job.finishedAt().isBefore(clock.instant().minus(properties.retention()));
  }

  private Job view(SettlementJob job) {
    return new Job(job.id(), job.status().name(), job.progress(), job.processed(), job.counted() ? job.total() : null,
        job.range().from(), job.range().to(), job.error(), job.createdAt(), job.startedAt(), job.finishedAt(),
        job.status().isFinished(), job.status() == JobStatus.COMPLETED && !expired(job));
  }

  static JobStatus parse(String status) {
    try {
      return JobStatus.valueOf(status.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidInput.field("status", "must be one of " + List.of(JobStatus.values()));
    }
  }
}
