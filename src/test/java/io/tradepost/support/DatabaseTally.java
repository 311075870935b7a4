package io.tradepost.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Counts the tests that ran and were skipped per database ({@link RequiresDatabase}) and writes one line
 * to {@code target/test-databases/<phase>.txt}, which the build prints after the integration tests: a
 * skipped database is visible without opening the reports.
 */
public class DatabaseTally implements TestExecutionListener {

  private final Map<String, AtomicInteger> ran = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> skipped = new ConcurrentHashMap<>();
  private volatile TestPlan plan;

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    this.plan = plan;
  }

  /** A skipped class counts each of its tests as skipped: JUnit does not report them one by one. */
  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    long tests = test.isTest() ? 1 : plan.getDescendants(test).stream().filter(TestIdentifier::isTest).count();
    count(skipped, test, (int) tests);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (test.isTest()) {
      count(ran, test, 1);
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    var phase = System.getProperty("tradepost.test.phase");
    if (phase == null) {
      return;
    }
    var databases = new TreeMap<String, String>();
    ran.keySet().forEach(d -> databases.put(d, ""));
    skipped.keySet().forEach(d -> databases.put(d, ""));
    var line = new StringBuilder(phase + " tests by database:" + (databases.isEmpty() ? " none ran;" : ""));
    databases.keySet().forEach(d -> line.append(' ').append(d).append(' ').append(get(ran, d)).append(" ran, ")
        .append(get(skipped, d)).append(" skipped;"));
    try {
      var file = Path.of("target", "test-databases", phase + ".txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, line.substring(0, line.length() - 1) + System.lineSeparator());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write the per-database test counts", e);
    }
  }

  private static void count(Map<String, AtomicInteger> counts, TestIdentifier test, int tests) {
    var source = test.getSource().orElse(null);
    Class<?> type = source instanceof MethodSource m ? m.getJavaClass()
        : source instanceof ClassSource c ? c.getJavaClass() : null;
    if (type == null) {
      return;
    }
    var database = AnnotatedElementUtils.findMergedAnnotation(type, RequiresDatabase.class);
    counts.computeIfAbsent(database == null ? "no database" : database.value().name(), d -> new AtomicInteger())
        .addAndGet(tests);
  }

  private static int get(Map<String, AtomicInteger> counts, String database) {
    var count = counts.get(database);
    return count == null ? 0 : count.get();
  }
}
