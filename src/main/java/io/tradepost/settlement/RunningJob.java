package io.tradepost.settlement;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job running on this instance: whether it was asked to stop, and the statements it is executing
 * right now (one per chunk in flight), so a cancel does not wait for a long aggregate to finish.
 */
final class RunningJob {

  private static final Logger log = LoggerFactory.getLogger(RunningJob.class);
  final String id;
  private volatile boolean cancelled;
  private final Set<Statement> executing = new HashSet<>();

  RunningJob(String id) {
    this.id = id;
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Called by the job's threads before every statement that may run long; {@link #done} after it. */
  synchronized void executing(Statement statement) throws SQLException {
    if (cancelled) {
      throw new SQLException("Job " + id + " was cancelled", "57014");
    }
    executing.add(statement);
  }

  synchronized void done(Statement statement) {
    executing.remove(statement);
  }

  /**
   * Called by the cancel watch: stop between chunks, and stop the chunks in flight now — all at once,
   * since a driver may take a round trip or a connection of its own to cancel one (MariaDB does).
   */
  void cancel() {
    List<Statement> inFlight;
    synchronized (this) {
      cancelled = true;
      inFlight = List.copyOf(executing);
    }
    var cancels = new ArrayList<Thread>();
    for (var statement : inFlight) {
      var thread = new Thread(() -> cancel(statement), "settlement-cancel");
      thread.start();
      cancels.add(thread);
    }
    for (var thread : cancels) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void cancel(Statement statement) {
    try {
      statement.cancel();
    } catch (SQLException e) {
      log.warn("Could not cancel a running statement of {}: {}", id, e.toString());
    }
  }
}
