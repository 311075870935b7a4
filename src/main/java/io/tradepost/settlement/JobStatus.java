package io.tradepost.settlement;

import io.tradepost.platform.Conflict;
import java.util.EnumSet;
import java.util.Set;

/**
 * The settlement job lifecycle: QUEUED → RUNNING → COMPLETED / FAILED / CANCELLED, and QUEUED →
 * CANCELLED. The allowed transitions are written here and nowhere else; every status change in the
 * database is guarded by the status it leaves ({@code ... WHERE status = :from}).
 */
enum JobStatus {
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED;

  private Set<JobStatus> next() {
    return switch (this) {
      case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
      case RUNNING -> EnumSet.of(COMPLETED, FAILED, CANCELLED);
      case COMPLETED, FAILED, CANCELLED -> EnumSet.noneOf(JobStatus.class);
    };
  }

  boolean isFinished() {
    return next().isEmpty();
  }

  boolean canBecome(JobStatus target) {
    return next().contains(target);
  }

  /** @throws Conflict {@code INVALID_STATE_TRANSITION} when the lifecycle does not allow it */
  JobStatus transitionTo(JobStatus target) {
    if (!canBecome(target)) {
      throw Conflict.of("INVALID_STATE_TRANSITION", "A job that is " + this + " cannot become " + target);
    }
    return target;
  }
}
