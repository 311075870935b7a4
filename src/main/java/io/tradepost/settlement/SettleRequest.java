package io.tradepost.settlement;

import org.jobrunr.jobs.lambdas.JobRequest;

/**
 * What JobRunr stores and hands back to {@link SettlementRunner}: only the job's id, the row says the
 * rest. Public only because JobRunr reads it back reflectively.
 */
public record SettleRequest(String jobId) implements JobRequest {

  @Override
  public Class<SettlementRunner> getJobRequestHandler() {
    return SettlementRunner.class;
  }
}
