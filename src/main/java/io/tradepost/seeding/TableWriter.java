package io.tradepost.seeding;

/**
 * Writes a {@link SeedTable} as fast as the database allows: {@link CopyWriter} on PostgreSQL,
 * {@link MultiRowWriter} everywhere else.
 */
interface TableWriter {

  /** Writes every row the table generates; returns how many were written. */
  long write(SeedTable table);
}
