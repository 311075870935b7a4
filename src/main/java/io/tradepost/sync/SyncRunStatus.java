package io.tradepost.sync;

import java.util.EnumSet;
import java.util.Set;

/**
 * The sync run lifecycle, in one place: a run is stored RUNNING (holding its source's lock) and ends
 * SUCCEEDED, PARTIAL (some records set aside as rejects) or FAILED; a run that could not start
 * because another run of its source was going is stored SKIPPED. Finished states are final.
 */
public enum SyncRunStatus {
  RUNNING,
  SUCCEEDED,
  PARTIAL,
  FAILED,
  SKIPPED;

  private Set<SyncRunStatus> next() {
    return switch (this) {
      case RUNNING -> EnumSet.of(SUCCEEDED, PARTIAL, FAILED);
      case SUCCEEDED, PARTIAL, FAILED, SKIPPED -> EnumSet.noneOf(SyncRunStatus.class);
    };
  }

  public boolean canBecome(SyncRunStatus target) {
    return next().contains(target);
  }

  public boolean isFinished() {
    return this != RUNNING;
  }

  /** @throws IllegalStateException when the lifecycle does not allow the transition */
  public SyncRunStatus transitionTo(SyncRunStatus target) {
    if (!canBecome(target)) {
      throw new IllegalStateException("A sync run that is " + this + " cannot become " + target);
    }
    return target;
  }
}
