package io.tradepost.settlement;

import io.tradepost.platform.DomainException;
import org.springframework.http.HttpStatus;

/** A finished job's report is older than the retention: 410 {@code REPORT_EXPIRED}. */
final class ReportExpired extends DomainException {

  private ReportExpired(String detail) {
    super(HttpStatus.GONE, "REPORT_EXPIRED", detail);
  }

  static ReportExpired of(SettlementJob job, JobsProperties properties) {
    return new ReportExpired("The report of job '" + job.id() + "' finished at " + job.finishedAt()
        + " and was kept for " + properties.retention().toDays() + " days (TRADEPOST_JOBS_RETENTION);"
        + " settle the range again for a new one");
  }
}
