package io.tradepost.platform;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The access log ({@code io.tradepost.access}): one line per request, written by one background thread.
 *
 * <p>Request threads only queue the line. Written by them, each line took the console appender's
 * lock around a write system call, and at thousands of requests a second the request threads queued
 * on that lock: a fifth of the CPU of a small request went into the log. The writer looks for lines
 * every millisecond while there are some and every 10 ms when idle, so request threads never wake it.
 * When more than {@code capacity} lines wait, or once the log is closed, the request's own thread
 * writes its line: no line is dropped. {@link #close()} writes every queued line.
 */
final class AccessLog implements AutoCloseable {

  static final String LOGGER = "io.tradepost.access";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  private static final long BUSY_PAUSE = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long IDLE_PAUSE = TimeUnit.MILLISECONDS.toNanos(10);

  /** One request: {@code target} is the path with its query string. */
  record Line(String requestId, String traceId, String method, String target, int status, long millis) {}

  private final ConcurrentLinkedQueue<Line> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final int capacity;
  private final Thread writer;
  private volatile boolean closed;

  AccessLog(int capacity) {
    this.capacity = capacity;
    this.writer = NamedThreads.daemon("access-log", this::writeUntilClosed);
    writer.start();
  }

  boolean enabled() {
    return log.isInfoEnabled();
  }

  void add(Line line) {
    if (closed || queued.get() >= capacity) {
      write(line);
      return;
    }
    queued.incrementAndGet();
    queue.add(line);
    if (closed) {
      drain(); // the writer may have finished before this line was queued
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    LockSupport.unpark(writer);
    writer.join(TimeUnit.SECONDS.toMillis(5));
    drain();
  }

  private void writeUntilClosed() {
    while (!closed) {
      LockSupport.parkNanos(drain() > 0 ? BUSY_PAUSE : IDLE_PAUSE);
    }
    drain();
  }

  private int drain() {
    int written = 0;
    for (Line line; (line = queue.poll()) != null; written++) {
      queued.decrementAndGet();
      write(line);
    }
    return written;
  }

  private static void write(Line line) {
    MDC.put(RequestLog.MDC_KEY, line.requestId());
    MDC.put(RequestLog.TRACE_MDC_KEY, line.traceId());
    try {
      log.info("{} {} {} {}ms", line.method(), line.target(), line.status(), line.millis());
    } finally {
      MDC.remove(RequestLog.MDC_KEY);
      MDC.remove(RequestLog.TRACE_MDC_KEY);
    }
  }
}
