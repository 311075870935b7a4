package io.tradepost.seeding;

import io.tradepost.platform.NamedThreads;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL's {@code COPY ... FROM STDIN}: rows in binary ({@link BinaryCopyRows}) streamed in ~1 MB writes.
 *
 * <p>An empty table is loaded as PostgreSQL's manual advises for a bulk load ("Populating a
 * Database"): in one transaction its secondary indexes are dropped, the rows copied and the indexes
 * built again, one sorted build each instead of an insert per row into each (for the 1,000,000 sales
 * of {@code bench/settlement}, copying with the covering index in place took twice as long as copying
 * without it and building it after). The table is locked meanwhile, so its readers wait for the load;
 * a failure rolls it all back. A table that someone is reading or writing at that moment is not
 * waited for (half a second at most): it is copied as a table that holds rows.
 *
 * <p>A table that holds rows keeps its indexes: it is copied in one COPY (and one transaction) per
 * connection, large tables split over several connections, so row generation and the server's index
 * maintenance run on every core. Each connection commits on its own: if one fails, the rows of the
 * others stay, as with any partly finished seed.
 *
 * <p>An identity column is numbered here from a block reserved up front: evaluating the column
 * default ({@code nextval}) for each row costs the server about a fifth of the whole COPY.
 */
final class CopyWriter implements TableWriter {

  private static final int FLUSH_BYTES = 1 << 20;

  // Reserving ids: move the identity sequence past a block of n ids and return the block's last id.
  // The lock (held only for that) keeps concurrent inserts, which draw from the same sequence, out of
  // the block; readers are not blocked.
  private static final String LOCK = """
      LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE""";
  // A table in use (a settlement reading the ledger) is not waited for: queued behind such a reader,
  // the lock request would hold up every later reader of the table too. It is copied the other way.
  private static final String LOCK_ALONE_OR_GIVE_UP = """
      SET LOCAL lock_timeout = '500ms'; LOCK TABLE %s IN ACCESS EXCLUSIVE MODE""";
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final String ANY_ROW = """
      SELECT EXISTS (SELECT 1 FROM %s)""";
  // Indexes that are not a constraint's (primary key, unique constraint): those can be dropped and
  // built again from their definition alone.
  private static final String SECONDARY_INDEXES = """
      SELECT quote_ident(n.nspname) || '.' || quote_ident(i.relname), pg_get_indexdef(x.indexrelid)
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_namespace n ON n.oid = i.relnamespace
       WHERE x.indrelid = CAST(? AS regclass)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)""";
  private static final String RESERVE_IDS = """
      SELECT setval(pg_get_serial_sequence(?, ?), nextval(pg_get_serial_sequence(?, ?)) + ? - 1)""";

  private final DataSource dataSource;
  private final int connections;

  /** @param connections how many COPY streams a large table is split over */
  CopyWriter(DataSource dataSource, int connections) {
    this.dataSource = dataSource;
    this.connections = connections;
  }

  @Override
  public long write(SeedTable table) {
    if (table.rows() == 0) {
      return 0;
    }
    try {
      OptionalLong loaded = loadIfEmpty(table);
      if (loaded.isPresent()) {
        return loaded.getAsLong();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Loading " + table.name() + " failed: " + e.getMessage(), e);
    }
    long firstId = table.identity() == null ? 0 : reserveIds(table);
    int streams = Math.max(1, Math.min(connections, table.chunks()));
    if (streams == 1) {
      return copy(table, IntStream.range(0, table.chunks()).toArray(), firstId);
    }
    var executor = Executors.newFixedThreadPool(streams, NamedThreads.numbered("seed-copy-" + table.name()));
    try {
      var copies = new ArrayList<Callable<Long>>();
      for (int stream = 0; stream < streams; stream++) {
        // Consecutive chunks per stream: each stream then fills its own region of the time and id
        // indexes from left to right, instead of both streams splitting the same pages.
        int[] chunks = IntStream.range(stream * table.chunks() / streams, (stream + 1) * table.chunks() / streams)
            .toArray();
        copies.add(() -> copy(table, chunks, firstId));
      }
      long written = 0;
      for (Future<Long> copy : executor.invokeAll(copies)) {
        written += copy.get();
      }
      return written;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while copying into " + table.name(), e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r
          : new IllegalStateException("Copying into " + table.name() + " failed", e.getCause());
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * Loads the table with its secondary indexes dropped and built again, all in one transaction, when
   * it is empty, has such indexes and nobody is using it; returns the rows written, or nothing when not.
   */
  private OptionalLong loadIfEmpty(SeedTable table) throws SQLException {
    try (var connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        try {
          execute(connection, LOCK_ALONE_OR_GIVE_UP.formatted(table.name()));
        } catch (SQLException busy) {
          if (LOCK_NOT_AVAILABLE.equals(busy.getSQLState())) {
            connection.rollback();
            return OptionalLong.empty();
          }
          throw busy;
        }
        var indexes = new LinkedHashMap<String, String>();
        try (var select = connection.prepareStatement(SECONDARY_INDEXES)) {
          select.setString(1, table.name());
          try (var result = select.executeQuery()) {
            while (result.next()) {
              indexes.put(result.getString(1), result.getString(2));
            }
          }
        }
        boolean empty;
        try (var any = connection.createStatement(); var result = any.executeQuery(ANY_ROW.formatted(table.name()))) {
          empty = result.next() && !result.getBoolean(1);
        }
        if (!empty || indexes.isEmpty()) {
          connection.rollback();
          return OptionalLong.empty();
        }
        for (var index : indexes.keySet()) {
          execute(connection, "DROP INDEX " + index);
        }
        long firstId = table.identity() == null ? 0 : reserveIds(connection, table);
        long written = copy(connection, table, IntStream.range(0, table.chunks()).toArray(), firstId);
        for (var definition : indexes.values()) {
          execute(connection, definition);
        }
        connection.commit();
        return OptionalLong.of(written);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Copies the given chunks over a connection of its own, committed when done. */
  private long copy(SeedTable table, int[] chunks, long firstId) {
    try (var connection = dataSource.getConnection()) {
      long written = copy(connection, table, chunks, firstId);
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return written;
    } catch (SQLException e) {
      throw new IllegalStateException("Copying into " + table.name() + " failed: " + e.getMessage(), e);
    }
  }

  /** Copies the given chunks over the connection; rows get ids from {@code firstId} by their number. */
  private static long copy(Connection connection, SeedTable table, int[] chunks, long firstId) throws SQLException {
    var columns = new ArrayList<>(table.columns());
    if (table.identity() != null) {
      columns.add(0, table.identity());
    }
    var sql = "COPY " + table.name() + " (" + String.join(", ", columns) + ") FROM STDIN WITH (FORMAT binary)";
    var rows = new BinaryCopyRows(BinaryCopyRows.typesOf(connection, table.name(), columns),
        FLUSH_BYTES + (FLUSH_BYTES >> 4));
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      rows.header();
      for (int chunk : chunks) {
        long id = firstId + (long) chunk * SeedTable.CHUNK_ROWS;
        for (var row : table.chunk(chunk)) {
          if (table.identity() == null) {
            rows.row(row);
          } else {
            rows.row(id++, row);
          }
          if (rows.size() >= FLUSH_BYTES) {
            copy.writeToCopy(rows.bytes(), 0, rows.size());
            rows.clear();
          }
        }
      }
      rows.trailer();
      copy.writeToCopy(rows.bytes(), 0, rows.size());
      return copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /** Reserves {@code table.rows()} ids from the identity sequence; returns the first. */
  private long reserveIds(SeedTable table) {
    try (var connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      execute(connection, LOCK.formatted(table.name()));
      long first = reserveIds(connection, table);
      connection.commit();
      return first;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot reserve ids for " + table.name() + ": " + e.getMessage(), e);
    }
  }

  /** Reserves the ids on a connection whose transaction holds a lock that keeps inserts out. */
  private static long reserveIds(Connection connection, SeedTable table) throws SQLException {
    try (var reserve = connection.prepareStatement(RESERVE_IDS)) {
      reserve.setString(1, table.name());
      reserve.setString(2, table.identity());
      reserve.setString(3, table.name());
      reserve.setString(4, table.identity());
      reserve.setLong(5, table.rows());
      try (var result = reserve.executeQuery()) {
        result.next();
        return result.getLong(1) - table.rows() + 1;
      }
    }
  }
}
