package io.tradepost.seeding;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rows to write into one table, produced in fixed-size chunks. Each chunk draws from its own
 * random stream, derived from the seed, the table and the chunk number, so any chunk can be generated
 * on its own — by any thread, in any order — and the rows come out the same.
 *
 * @param name the table
 * @param identity the column the database numbers itself, or null; writers that can number rows
 *     faster than the database does (see {@link CopyWriter}) reserve a block and fill it in
 * @param columns the columns each row has a value for, in order
 * @param rows how many rows to generate (a generator may leave some out, see {@link Generator})
 * @param randomSeed the seed every chunk's random stream is derived from
 * @param generator makes the rows of one range
 */
record SeedTable(String name, String identity, List<String> columns, long rows, long randomSeed, Generator generator) {

  /** Rows per chunk; also the rows per transaction where rows are inserted with plain SQL. */
  static final int CHUNK_ROWS = 50_000;

  /** Makes rows {@code from} (inclusive) to {@code to} (exclusive) of a table. */
  @FunctionalInterface
  interface Generator {
    /**
     * Adds one {@code Object[]} per row to {@code into}, a value per column: {@link String}, {@link Long},
     * {@link Integer}, {@link java.time.LocalDateTime} (UTC) or null. May leave out rows (rows that
     * already exist), but must still draw from {@code random} for them.
     */
    void generate(long from, long to, SplittableRandom random, List<Object[]> into);
  }

  SeedTable {
    columns = List.copyOf(columns);
  }

  int chunks() {
    return Math.toIntExact((rows + CHUNK_ROWS - 1) / CHUNK_ROWS);
  }

  List<Object[]> chunk(int index) {
    long from = (long) index * CHUNK_ROWS;
    long to = Math.min(rows, from + CHUNK_ROWS);
    var into = new ArrayList<Object[]>((int) (to - from));
    generator.generate(from, to, new SplittableRandom(streamSeed(index)), into);
    return into;
  }

  private long streamSeed(int index) {
    return mix(mix(randomSeed * 31 + name.hashCode()) + index);
  }

  /**
   * MurmurHash3's finaliser: a bijection that spreads neighbouring inputs (seeds, chunk and row
   * numbers) over unrelated outputs.
   */
  static long mix(long h) {
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
