package io.tradepost.platform;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures the access log's lines instead of printing them, for one test. The tests' configuration
 * keeps the access log quiet; while capturing it is on.
 */
final class AccessLines extends ListAppender<ILoggingEvent> implements AutoCloseable {

  private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
  private final Level level = logger.getLevel();

  static AccessLines capture() {
    var lines = new AccessLines();
    lines.start();
    lines.logger.setLevel(Level.INFO);
    lines.logger.setAdditive(false);
    lines.logger.addAppender(lines);
    return lines;
  }

  /** A copy, safe to read while lines are still being written. */
  synchronized List<ILoggingEvent> lines() {
    return List.copyOf(list);
  }

  /** Reads the MDC now, on the writing thread: an event reads it lazily, from whichever thread asks. */
  @Override
  protected synchronized void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing();
    super.append(event);
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    logger.setAdditive(true);
    logger.setLevel(level);
  }
}
