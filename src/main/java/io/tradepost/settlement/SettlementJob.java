package io.tradepost.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A settlement job as stored: its range, where it stands, and what it has done so far. {@code total}
 * and {@code plan} are set together when the job starts ({@code startedAt}): until then the total is
 * not known.
 */
record SettlementJob(
    String id,
    JobStatus status,
    SettlementRange range,
    long total,
    long processed,
    SettlementPlan plan,
    int nextChunk,
    boolean cancelRequested,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  static SettlementJob of(String id, JobStatus status, LocalDate from, LocalDate to, String zone, long total,
      long processed, String plan, int nextChunk, boolean cancelRequested, String error, Instant createdAt,
      Instant startedAt, Instant finishedAt) {
    return new SettlementJob(id, status, new SettlementRange(from, to, ZoneId.of(zone)), total, processed,
        plan == null ? null : SettlementPlan.parse(plan), nextChunk, cancelRequested, error, createdAt, startedAt,
        finishedAt);
  }

  /** Whether {@code total} has been counted: a job counts its range as it starts. */
  boolean counted() {
    return startedAt != null;
  }

  /**
   * Where this job's ledger ends: {@code created_at}. A range that reaches into the future settles only
   * what had happened when the job was created, so {@code total} stays true and the run reproducible.
   */
  Instant cutoff(Instant instant) {
    return instant.isAfter(createdAt) ? createdAt : instant;
  }

  /** Percent done, one decimal: processed / total, and 100 for a completed job with nothing to settle. */
  double progress() {
    if (status == JobStatus.COMPLETED) {
      return 100.0;
    }
    return !counted() || total == 0 ? 0.0 : Math.floor(processed * 1000.0 / total) / 10.0;
  }
}
