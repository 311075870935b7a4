package io.tradepost.settlement;

import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job running on this instance: whether it was asked to stop, and the statement it is executing
 * right now, so a cancel does not wait for a long aggregate to finish.
 */
final class RunningJob {

  private static final Logger log = LoggerFactory.getLogger(RunningJob.class);
  final String id;
  private volatile boolean cancelled;
  private Statement executing;

  RunningJob(String id) {
    this.id = id;
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Called by the job's own thread around every statement that may run long. */
  synchronized void executing(Statement statement) throws SQLException {
    executing = statement;
    if (statement != null && cancelled) {
      throw new SQLException("Job " + id + " was cancelled", "57014");
    }
  }

  /** Called by the cancel watch: stop between chunks, and stop the chunk in flight now. */
  synchronized void cancel() {
    cancelled = true;
    if (executing != null) {
      try {
        executing.cancel();
      } catch (SQLException e) {
        log.warn("Could not cancel the running statement of {}: {}", id, e.toString());
      }
    }
  }
}
