package io.tradepost.settlement;

import org.jobrunr.server.configuration.BackgroundJobServerThreadType;
import org.jobrunr.server.configuration.BackgroundJobServerWorkerPolicy;
import org.jobrunr.server.configuration.DefaultBackgroundJobServerWorkerPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SettlementConfig {

  /** JobRunr runs {@code tradepost.jobs.workers} jobs at once on this instance (env TRADEPOST_JOBS_WORKERS). */
  @Bean
  BackgroundJobServerWorkerPolicy settlementWorkers(JobsProperties properties) {
    return new DefaultBackgroundJobServerWorkerPolicy(properties.workers(),
        BackgroundJobServerThreadType.getDefaultThreadType());
  }
}
