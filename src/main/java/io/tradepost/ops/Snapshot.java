package io.tradepost.ops;

import io.tradepost.settlement.Settlements;
import io.tradepost.sync.SyncRun;
import io.tradepost.sync.SourceRuns;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The cluster as one sample saw it; every open dashboard of this instance is drawn from the same one.
 *
 * @param ordersPerMinute orders placed by every instance in the last minute
 * @param outOfStockRate share of this instance's orders in the last minute refused OUT_OF_STOCK (0-1)
 * @param acceptedPerSecond events accepted by every instance, over the last seconds
 * @param appliedPerSecond events applied by every instance, over the last seconds
 * @param applyLagSeconds how long the oldest unapplied event has waited; 0 when none waits
 * @param recentJobs the newest settlement jobs and every running one, for their progress bars
 */
record Snapshot(
    Instant at,
    double ordersPerMinute,
    double outOfStockRate,
    double acceptedPerSecond,
    double appliedPerSecond,
    long backlog,
    double applyLagSeconds,
    Map<String, Long> jobsByStatus,
    List<Settlements.Job> recentJobs,
    List<SourceRuns.Source> sources,
    List<SyncRun> recentRuns) {

  static Snapshot empty(Instant at) {
    return new Snapshot(at, 0, 0, 0, 0, 0, 0, Map.of(), List.of(), List.of(), List.of());
  }
}
