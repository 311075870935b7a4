package io.tradepost.sync;

import java.time.Instant;

/** One sync run as stored: what started it, how it ended and what it counted. */
public record SyncRun(
    long id,
    String source,
    SyncTrigger trigger,
    SyncRunStatus status,
    Instant startedAt,
    Instant finishedAt,
    int pages,
    int fetched,
    int created,
    int updated,
    int unchanged,
    int removed,
    int rejected,
    int attempts,
    String error) {

  /** Whether anything readers see changed, so cached item pages must go. */
  boolean changedItems() {
    return created + updated + removed > 0;
  }
}
