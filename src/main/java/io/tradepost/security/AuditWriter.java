package io.tradepost.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tradepost.platform.DatabaseOutage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Writes audit records off the request path: a request only offers its record to a bounded queue,
 * and one thread saves what is queued with one multi-row insert (up to {@link #MAX_GROUP}), so a
 * thousand writes a second cost a few statements, not a thousand transactions. While the database is
 * away a group is tried again every second rather than dropped; a full queue drops new records and
 * counts them ({@code tradepost_audit_dropped_total}) rather than slow the API down. On shutdown, after the
 * web server has stopped, what is queued is saved.
 */
class AuditWriter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
  static final int MAX_GROUP = 1_000;
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Duration DRAIN_ON_STOP = Duration.ofSeconds(10);

  private final AuditLog auditLog;
  private final BlockingQueue<AuditRecord> queue;
  private final Counter dropped;
  private volatile Thread writer;
  private volatile boolean stopping;

  AuditWriter(AuditLog auditLog, int capacity, MeterRegistry registry) {
    this.auditLog = auditLog;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.dropped = Counter.builder("tradepost.audit.dropped")
        .description("Audit records dropped because the audit queue was full").register(registry);
    registry.gauge("tradepost.audit.queued", queue, BlockingQueue::size);
  }

  void record(AuditRecord record) {
    if (!queue.offer(record)) {
      dropped.increment();
    }
  }

  private void run() {
    var group = new ArrayList<AuditRecord>(MAX_GROUP);
    while (!stopping || !queue.isEmpty()) {
      try {
        if (group.isEmpty()) {
          var first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          group.add(first);
          queue.drainTo(group, MAX_GROUP - 1);
        }
        save(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void save(List<AuditRecord> group) throws InterruptedException {
    try {
      auditLog.append(group);
      group.clear();
    } catch (RuntimeException e) {
      if (!DatabaseOutage.causedBy(e) || stopping) {
        // Not an outage: a group the database refuses for what it holds would block the queue forever.
        log.error("Dropping {} audit records the database refused", group.size(), e);
        dropped.increment(group.size());
        group.clear();
        return;
      }
      log.warn("Cannot save {} audit records, trying again in {}: {}", group.size(), RETRY, e.toString());
      Thread.sleep(RETRY.toMillis());
    }
  }

  @Override
  public void start() {
    stopping = false;
    writer = new Thread(this::run, "audit-writer");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void stop() {
    stopping = true;
    try {
      writer.join(DRAIN_ON_STOP.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer = null;
  }

  @Override
  public boolean isRunning() {
    return writer != null;
  }

  /** Starts before and stops after the web server, so every acknowledged write is queued to a running writer. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }
}
