package io.tradepost.settlement;

import java.time.Clock;
import java.util.UUID;
import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries out a settlement job for JobRunr: one chunk per day (or part of a day), each pushed down to
 * the database and committed with the job's cursor. JobRunr hands a job whose process died to another
 * worker; that worker takes the job over and goes on from the cursor.
 *
 * <p>Public only because JobRunr invokes it reflectively; nothing outside this module uses it.
 */
@Component
public class SettlementRunner implements JobRequestHandler<SettleRequest> {

  private static final Logger log = LoggerFactory.getLogger(SettlementRunner.class);
  private final SettlementJobs jobs;
  private final CancelWatch watch;
  private final SettlementMetrics metrics;
  private final Clock clock;

  SettlementRunner(SettlementJobs jobs, CancelWatch watch, SettlementMetrics metrics, Clock clock) {
    this.jobs = jobs;
    this.watch = watch;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  @Job(name = "Settlement %0", retries = 10)
  public void run(SettleRequest request) {
    // Not found: the creating transaction has not committed yet; throwing lets JobRunr retry shortly.
    var job = jobs.find(request.jobId())
        .orElseThrow(() -> new IllegalStateException("Settlement job " + request.jobId() + " is not visible yet"));
    var token = UUID.randomUUID().toString();
    if (!claim(job, token)) {
      log.info("Settlement job {} is {}; nothing to run", job.id(), jobs.find(job.id()).map(SettlementJob::status)
          .orElse(null));
      return;
    }
    var running = watch.start(job.id());
    long started = System.nanoTime();
    try {
      if (job.status() == JobStatus.RUNNING) {
        log.info("Settlement job {} resumed at chunk {} ({} of {} transactions done)", job.id(), job.nextChunk(),
            job.processed(), job.total());
      }
      settle(job, token, running);
      long elapsed = System.nanoTime() - started;
      if (running.cancelled() || jobs.cancelRequested(job.id())) {
        finish(job, token, JobStatus.CANCELLED, null, elapsed);
      } else {
        finish(job, token, JobStatus.COMPLETED, null, elapsed);
      }
    } catch (SettlementJobs.LostJob e) {
      log.warn("{}; this runner stops", e.getMessage());
    } catch (RuntimeException e) {
      long elapsed = System.nanoTime() - started;
      if (running.cancelled() || jobs.cancelRequested(job.id())) {
        finish(job, token, JobStatus.CANCELLED, null, elapsed);
      } else if (Thread.currentThread().isInterrupted()) {
        // The server is stopping: leave the job RUNNING, JobRunr gives it to a worker again.
        throw e;
      } else {
        log.error("Settlement job {} failed", job.id(), e);
        finish(job, token, JobStatus.FAILED, "Settlement failed; the service log has the cause", elapsed);
      }
    } finally {
      watch.stop(running);
    }
  }

  private boolean claim(SettlementJob job, String token) {
    return switch (job.status()) {
      case QUEUED -> jobs.transition(job.id(), JobStatus.QUEUED, JobStatus.RUNNING, token, null, clock.instant());
      case RUNNING -> jobs.takeOver(job.id(), token);
      case COMPLETED, FAILED, CANCELLED -> false;
    };
  }

  private void settle(SettlementJob job, String token, RunningJob running) {
    var chunks = job.range().chunks(job.partsPerDay());
    for (int i = job.nextChunk(); i < chunks.size(); i++) {
      if (running.cancelled()) {
        return;
      }
      var chunk = chunks.get(i);
      long start = System.nanoTime();
      jobs.settleChunk(job, chunk, i, token, running);
      if (log.isDebugEnabled()) {
        log.debug("Settlement job {} chunk {}/{} ({} part {}) in {} ms", job.id(), i + 1, chunks.size(), chunk.day(),
            chunk.part(), (System.nanoTime() - start) / 1_000_000);
      }
    }
  }

  private void finish(SettlementJob job, String token, JobStatus status, String error, long elapsedNanos) {
    if (!jobs.transition(job.id(), JobStatus.RUNNING, status, token, error, clock.instant())) {
      log.warn("Settlement job {} was no longer held by this runner when it became {}", job.id(), status);
      return;
    }
    var done = jobs.find(job.id()).orElseThrow();
    metrics.finished(status, elapsedNanos, done.processed());
    log.info("Settlement job {} {}: {} of {} transactions, {}..{} {}, {} ms", job.id(), status, done.processed(),
        done.total(), job.range().from(), job.range().to(), job.range().zone(), elapsedNanos / 1_000_000);
  }
}
