package io.tradepost.settlement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Settles a job's chunks on several lanes at once: the calling thread and {@code lanes - 1} others
 * each take the next chunk in order until none is left, the job is cancelled or a lane fails. Every
 * chunk is handed the cursor it may move the job to: the lowest chunk not yet settled, counting
 * itself as settled — a value that is true once its own transaction commits, whatever the other
 * lanes do meanwhile.
 */
final class ChunkLanes {

  /** Settles chunk {@code index} in one transaction that moves the job's cursor to {@code settledBelow}. */
  @FunctionalInterface
  interface Settle {
    void chunk(int index, int settledBelow);
  }

  private final int end;
  private final AtomicInteger next;
  private final BitSet settled = new BitSet();
  private int lowest;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  /** Chunks {@code from} (inclusive) to {@code end} (exclusive) are to be settled. */
  ChunkLanes(int from, int end) {
    this.end = end;
    this.next = new AtomicInteger(from);
    this.lowest = from;
  }

  /**
   * Runs the lanes and returns when all have stopped.
   *
   * @throws RuntimeException the first failure of any lane
   */
  void run(int lanes, Executor executor, BooleanSupplier stop, Settle settle) {
    var others = new ArrayList<Future<Void>>();
    for (int i = 1; i < lanes && i < end - next.get(); i++) {
      others.add(CompletableFuture.runAsync(() -> lane(stop, settle), executor));
    }
    lane(stop, settle);
    awaitAll(others);
    var failed = failure.get();
    if (failed != null) {
      throw failed;
    }
  }

  private void lane(BooleanSupplier stop, Settle settle) {
    while (failure.get() == null && !stop.getAsBoolean()) {
      int index = next.getAndIncrement();
      if (index >= end) {
        return;
      }
      try {
        settle.chunk(index, settledBelowWith(index));
        settled(index);
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        return;
      }
    }
  }

  private synchronized int settledBelowWith(int index) {
    int below = lowest;
    while (below == index || settled.get(below)) {
      below++;
    }
    return below;
  }

  private synchronized void settled(int index) {
    settled.set(index);
    while (settled.get(lowest)) {
      lowest++;
    }
  }

  /** Waits for the other lanes; interrupted, it stops them after their current chunk and says so. */
  private void awaitAll(List<Future<Void>> others) {
    for (var lane : others) {
      try {
        lane.get();
      } catch (InterruptedException e) {
        failure.compareAndSet(null, new IllegalStateException("Interrupted while chunks were being settled", e));
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        failure.compareAndSet(null, new IllegalStateException("A settlement lane failed", e.getCause()));
      }
    }
  }
}
