package io.tradepost.settlement;

import io.tradepost.platform.NamedThreads;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Cancel requests reach a job wherever it runs: a cancel only sets a flag in the database, and every
 * instance that runs jobs looks for flagged jobs of its own every {@code tradepost.jobs.cancel-check-interval}
 * (100 ms), then cancels the statement the job is executing. Its own thread, so no other scheduled task
 * can delay a cancel.
 */
@Component
class CancelWatch implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(CancelWatch.class);
  private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
  private final SettlementJobs jobs;
  private final ScheduledExecutorService timer;

  CancelWatch(SettlementJobs jobs, JobsProperties properties) {
    this.jobs = jobs;
    this.timer = Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("settlement-cancel-watch"));
    long every = Math.max(1, properties.cancelCheckInterval().toMillis());
    timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  RunningJob start(String id) {
    var job = new RunningJob(id);
    running.put(id, job);
    return job;
  }

  void stop(RunningJob job) {
    running.remove(job.id, job);
  }

  private void check() {
    if (running.isEmpty()) {
      return;
    }
    try {
      for (var id : jobs.runningWithCancelRequest()) {
        var job = running.get(id);
        if (job != null && !job.cancelled()) {
          log.info("Cancelling settlement job {}", id);
          job.cancel();
        }
      }
    } catch (RuntimeException e) {
      log.warn("Could not look for cancelled jobs: {}", e.toString());
    }
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
