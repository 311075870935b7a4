package io.tradepost.platform;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way Tradepost makes its own platform threads: named after their job, so a thread dump or a
 * log line says whose they are. Daemon threads never hold up the JVM's exit; their owner stops them
 * at shutdown. Threads the owner waits for itself ({@link #numbered}) are not daemons.
 */
public final class NamedThreads {

  private NamedThreads() {}

  /** Daemon threads named {@code name-1}, {@code name-2}, … */
  public static ThreadFactory daemons(String name) {
    var count = new AtomicInteger();
    return task -> daemon(name + "-" + count.incrementAndGet(), task);
  }

  /** Daemon threads that all carry {@code name}: their pool has one at a time. */
  public static ThreadFactory daemon(String name) {
    return task -> daemon(name, task);
  }

  /** A daemon thread, not started yet. */
  public static Thread daemon(String name, Runnable task) {
    var thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Threads named {@code name-1}, {@code name-2}, … that keep the JVM alive until they end. */
  public static ThreadFactory numbered(String name) {
    var count = new AtomicInteger();
    return task -> new Thread(task, name + "-" + count.incrementAndGet());
  }
}
