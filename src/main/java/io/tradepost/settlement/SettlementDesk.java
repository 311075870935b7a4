package io.tradepost.settlement;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.NotFound;
import java.time.Clock;
import java.util.UUID;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Takes settlement requests and cancellations; the {@link SettlementRunner} does the work. */
@Service
class SettlementDesk {

  private final SettlementJobs jobs;
  private final JobRequestScheduler scheduler;
  private final ObjectProvider<BackgroundJobServer> server;
  private final TransactionTemplate transaction;
  private final Clock clock;

  SettlementDesk(SettlementJobs jobs, JobRequestScheduler scheduler, ObjectProvider<BackgroundJobServer> server,
      TransactionTemplate transaction, Clock clock) {
    this.jobs = jobs;
    this.scheduler = scheduler;
    this.server = server;
    this.transaction = transaction;
    this.clock = clock;
  }

  /**
   * Stores the job QUEUED and hands it to JobRunr in the same transaction: when the 202 goes out, both
   * are in the database. Nothing here reads the ledger, whatever the range: the job counts its
   * {@code total} itself when it starts.
   */
  SettlementJob submit(SettlementRange range) {
    var job = transaction.execute(status -> {
      var uuid = UUID.randomUUID();
      // created_at is also the job's cut-off (SettlementJob.cutoff): what happens later is not in this run.
      var queued = new SettlementJob(JobIds.of(uuid), JobStatus.QUEUED, range, 0, 0, null, 0, false, null,
          DbTime.now(clock), null, null);
      jobs.insert(queued);
      scheduler.enqueue(uuid, new SettleRequest(queued.id()));
      return queued;
    });
    wakeWorkers();
    return job;
  }

  /**
   * A QUEUED job becomes CANCELLED at once; a RUNNING one is flagged and stops within a second.
   *
   * @return the job as it is after the request
   * @throws NotFound for an unknown job
   * @throws io.tradepost.platform.Conflict {@code INVALID_STATE_TRANSITION} for a finished job
   */
  SettlementJob cancel(String id) {
    // A job may move on between our read and our write; each guarded update tells, so read again.
    for (int attempt = 0; attempt < 3; attempt++) {
      var job = jobs.find(id).orElseThrow(() -> NotFound.of("job", id));
      boolean done = switch (job.status()) {
        case QUEUED -> jobs.transition(id, JobStatus.QUEUED, JobStatus.CANCELLED, null, null, DbTime.now(clock));
        case RUNNING -> jobs.requestCancel(id);
        case COMPLETED, FAILED, CANCELLED -> {
          job.status().transitionTo(JobStatus.CANCELLED); // throws: a finished job stays as it finished
          yield false;
        }
      };
      if (done) {
        return jobs.find(id).orElseThrow();
      }
    }
    throw new IllegalStateException("Job " + id + " kept changing while it was being cancelled");
  }

  /**
   * JobRunr's workers look for new jobs every poll interval (5 s at least on SQL storage); a job
   * submitted here is offered to this instance's free workers at once instead.
   */
  private void wakeWorkers() {
    var local = server.getIfAvailable();
    if (local != null && local.isRunning()) {
      var steward = local.getJobSteward();
      steward.notifyThreadOccupied();
      steward.notifyThreadIdle();
    }
  }
}
