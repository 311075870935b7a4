package io.tradepost.settlement;

import java.time.Duration;
import javax.sql.DataSource;
import org.jobrunr.server.BackgroundJobServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Keeps settlement jobs running across database outages, and is health check {@code jobs} (in the
 * readiness group).
 *
 * <p>JobRunr's background job server stops itself after a few storage errors in a row, and its free
 * edition never starts it again: jobs would stay QUEUED until Tradepost restarts. Every
 * {@code tradepost.jobs.watch-interval} this watch asks whether the server runs and whether the
 * database answers, and starts the server again once the database is back; JobRunr then takes up the
 * queued jobs, and the jobs that were running, left RUNNING in our table, go on from their cursor.
 *
 * <p>Jobs can run when the server runs and the database answers; otherwise this instance is not ready.
 * An instance with JobRunr's server turned off runs no jobs by design and is ready.
 */
@Component("jobsHealthIndicator")
class JobServerWatch implements HealthIndicator, SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(JobServerWatch.class);
  private final ObjectProvider<BackgroundJobServer> servers;
  private final DataSource dataSource;
  private final Duration interval;
  private volatile boolean databaseAnswers = true;
  private volatile boolean closing;

  JobServerWatch(ObjectProvider<BackgroundJobServer> servers, DataSource dataSource, JobsProperties properties) {
    this.servers = servers;
    this.dataSource = dataSource;
    this.interval = properties.watchInterval();
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(new FixedDelayTask(this::check, interval, interval));
  }

  void check() {
    var server = servers.getIfAvailable();
    if (server == null || closing) {
      return;
    }
    databaseAnswers = databaseAnswers();
    if (databaseAnswers && !server.isRunning() && !closing) {
      log.warn("JobRunr's background job server is stopped while the database answers; starting it again");
      try {
        server.start();
      } catch (RuntimeException e) {
        log.warn("Could not start JobRunr's background job server; trying again in the next check: {}", e.toString());
      }
    }
  }

  @Override
  public Health health() {
    var server = servers.getIfAvailable();
    if (server == null) {
      return Health.up().withDetail("server", "off on this instance").build();
    }
    if (!databaseAnswers) {
      return Health.down().withDetail("reason", "the database does not answer").build();
    }
    if (!server.isRunning()) {
      return Health.down().withDetail("reason", "JobRunr's background job server is stopped").build();
    }
    return Health.up().build();
  }

  /** The server is stopped on purpose now: never start it again. */
  @EventListener(ContextClosedEvent.class)
  void closing() {
    closing = true;
  }

  private boolean databaseAnswers() {
    try (var connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (Exception e) {
      return false;
    }
  }
}
