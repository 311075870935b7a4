package io.tradepost.settlement;

import io.tradepost.platform.DatabaseOutage;
import io.tradepost.platform.NamedThreads;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Carries out a settlement job for JobRunr. First it counts the range day by day and plans chunks of
 * about {@code max-chunk-rows} transactions ({@link SettlementPlan}), storing the plan and the total as
 * it starts the job; then it settles the chunks, {@code chunks-at-once} at a time, each pushed down to
 * the database and committed with the job's cursor. JobRunr hands a job whose process died to another
 * worker; that worker takes the job over and goes on from the cursor, one chunk at a time, each
 * replacing whatever the dead runner may have written for it.
 *
 * <p>Public only because JobRunr invokes it reflectively; nothing outside this module uses it.
 */
@Component
public class SettlementRunner implements JobRequestHandler<SettleRequest>, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SettlementRunner.class);
  private static final String OVERFLOW = "A merchant's sum for one day does not fit a settlement line"
      + " (at most 92233720368547758.07 either way); nothing was rounded or wrapped";
  private final SettlementJobs jobs;
  private final CancelWatch watch;
  private final SettlementMetrics metrics;
  private final JobsProperties properties;
  private final Clock clock;
  /** The lanes beyond the job's own thread; threads are made as jobs need them and die when idle. */
  private final ExecutorService lanes = Executors.newCachedThreadPool(NamedThreads.daemon("settlement-lane"));

  SettlementRunner(SettlementJobs jobs, CancelWatch watch, SettlementMetrics metrics, JobsProperties properties,
      Clock clock) {
    this.jobs = jobs;
    this.watch = watch;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  @Job(name = "Settlement %0", retries = 10)
  public void run(SettleRequest request) {
    // Not found: the creating transaction has not committed yet; throwing lets JobRunr retry shortly.
    var job = jobs.find(request.jobId())
        .orElseThrow(() -> new IllegalStateException("Settlement job " + request.jobId() + " is not visible yet"));
    var token = UUID.randomUUID().toString();
    long started = System.nanoTime();
    boolean resumed = job.status() == JobStatus.RUNNING;
    if (!claim(job, token)) {
      log.info("Settlement job {} is {}; nothing to run", job.id(), jobs.find(job.id()).map(SettlementJob::status)
          .orElse(null));
      return;
    }
    job = jobs.find(job.id()).orElseThrow();
    var running = watch.start(job.id());
    try {
      if (resumed) {
        log.info("Settlement job {} resumed at chunk {} ({} of {} transactions done)", job.id(), job.nextChunk(),
            job.processed(), job.total());
      }
      settle(job, token, running, resumed);
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
      } else if (Thread.currentThread().isInterrupted() || DatabaseOutage.causedBy(e)) {
        // The server is stopping, or the database went away: leave the job RUNNING; JobRunr gives it to
        // a worker again, which goes on from the cursor (after an outage, once the database is back).
        throw e;
      } else {
        log.error("Settlement job {} failed", job.id(), e);
        finish(job, token, JobStatus.FAILED, overflow(e) ? OVERFLOW : "Settlement failed; the service log has the cause",
            elapsed);
      }
    } finally {
      watch.stop(running);
    }
  }

  /**
   * A QUEUED job is counted and planned first, then started with its total and plan in one guarded
   * update: it shows QUEUED until its total is known, and a cancel meanwhile wins. A RUNNING job
   * (its runner died) is taken over as it was planned.
   */
  private boolean claim(SettlementJob job, String token) {
    return switch (job.status()) {
      case QUEUED -> {
        var perDay = jobs.countPerDay(job.range(), job.createdAt());
        long total = 0;
        for (long n : perDay) {
          total += n;
        }
        yield jobs.start(job.id(), token, total, SettlementPlan.of(perDay, properties.maxChunkRows()),
            clock.instant());
      }
      case RUNNING -> jobs.takeOver(job.id(), token);
      case COMPLETED, FAILED, CANCELLED -> false;
    };
  }

  private void settle(SettlementJob job, String token, RunningJob running, boolean resumed) {
    var chunks = job.plan().chunks(job.range());
    if (resumed) {
      // The runner that died may have settled any chunk from the cursor on; replacing deletes lines,
      // so these go one at a time and never meet another chunk's writes.
      for (int i = job.nextChunk(); i < chunks.size() && !running.cancelled(); i++) {
        settleChunk(job, chunks.get(i), true, i + 1, token, running);
      }
      return;
    }
    new ChunkLanes(job.nextChunk(), chunks.size()).run(properties.chunksAtOnce(), lanes, running::cancelled,
        (index, settledBelow) -> settleChunk(job, chunks.get(index), false, settledBelow, token, running));
  }

  private void settleChunk(SettlementJob job, SettlementPlan.Chunk chunk, boolean replace, int settledBelow,
      String token, RunningJob running) {
    long start = System.nanoTime();
    jobs.settleChunk(job, chunk, replace, settledBelow, token, running);
    if (log.isDebugEnabled()) {
      log.debug("Settlement job {} chunk {} ({}..{}) in {} ms", job.id(), chunk.index(), chunk.firstDay(),
          chunk.lastDay(), (System.nanoTime() - start) / 1_000_000);
    }
  }

  /**
   * A numeric value out of range: SQLSTATE 22003 on PostgreSQL and MariaDB; H2 says 22004 when it
   * names the column ("Numeric value out of range ... in column GROSS").
   */
  private static boolean overflow(Throwable e) {
    for (var cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && ("22003".equals(sql.getSQLState()) || "22004".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void destroy() {
    lanes.shutdownNow();
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
