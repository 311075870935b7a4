package io.tradepost.seeding;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells how far a long seed has come: at most one line a second per table, on the given stream
 * (standard error, so standard output keeps only the summary lines). Chunks are counted as they are
 * generated, by whichever thread writes them.
 */
final class SeedProgress {

  private static final long EVERY_NANOS = 1_000_000_000L;
  private final PrintStream out;

  SeedProgress(PrintStream out) {
    this.out = out;
  }

  /** The same table, telling this progress of each chunk it generates. */
  SeedTable following(SeedTable table) {
    var done = new AtomicLong();
    var lastShown = new AtomicLong(System.nanoTime());
    return new SeedTable(table.name(), table.identity(), table.columns(), table.rows(), table.randomSeed(),
        (from, to, random, into) -> {
          table.generator().generate(from, to, random, into);
          long rows = done.addAndGet(to - from);
          long now = System.nanoTime();
          long last = lastShown.get();
          if (now - last >= EVERY_NANOS && lastShown.compareAndSet(last, now)) {
            out.printf(Locale.ROOT, "seeding %s: %,d of %,d rows generated (%d %%)%n", table.name(), rows,
                table.rows(), rows * 100 / table.rows());
          }
        });
  }
}
