package io.tradepost.sync;

import io.tradepost.platform.NamedThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs requests at most {@code n} at a time; the first failure cancels the rest and is thrown once they
 * have stopped, so nothing of a finished run is still talking to its source (or to its circuit breaker).
 */
final class Concurrently {

  private static final Duration STOP_BOUND = Duration.ofSeconds(5);

  private Concurrently() {}

  static <T> List<T> all(List<Callable<T>> tasks, int n) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    var pool = Executors.newFixedThreadPool(Math.min(n, tasks.size()), NamedThreads.daemons("sync-fetch"));
    try {
      var completion = new ExecutorCompletionService<T>(pool);
      var futures = new ArrayList<Future<T>>(tasks.size());
      tasks.forEach(t -> futures.add(completion.submit(t)));
      for (int i = 0; i < tasks.size(); i++) {
        try {
          completion.take().get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
      var results = new ArrayList<T>(tasks.size());
      for (var f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while fetching", e);
    } finally {
      stop(pool);
    }
  }

  /** Interrupted, a request abandons its body at once; the bound only guards against a task that ignores it. */
  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      pool.awaitTermination(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
