package io.tradepost.seeding;

import io.tradepost.platform.CsvBuffer;
import io.tradepost.platform.NamedThreads;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL's {@code COPY ... FROM STDIN}: CSV streamed in ~1 MB writes, one COPY (and one
 * transaction) per connection. Large tables are split over several connections, so row generation
 * and the server's index maintenance run on every core. Each connection commits on its own: if one
 * fails, the rows of the others stay, as with any partly finished seed.
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

  /** Copies the given chunks over one connection; rows get ids from {@code firstId} by their number. */
  private long copy(SeedTable table, int[] chunks, long firstId) {
    var columns = new ArrayList<>(table.columns());
    if (table.identity() != null) {
      columns.add(0, table.identity());
    }
    var sql = "COPY " + table.name() + " (" + String.join(", ", columns) + ") FROM STDIN WITH (FORMAT csv)";
    try (var connection = dataSource.getConnection()) {
      CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
      try {
        var csv = new CsvBuffer(FLUSH_BYTES + (FLUSH_BYTES >> 4));
        for (int chunk : chunks) {
          List<Object[]> rows = table.chunk(chunk);
          long id = firstId + (long) chunk * SeedTable.CHUNK_ROWS;
          for (var row : rows) {
            if (table.identity() == null) {
              csv.row(row);
            } else {
              csv.row(id++, row);
            }
            if (csv.size() >= FLUSH_BYTES) {
              copy.writeToCopy(csv.bytes(), 0, csv.size());
              csv.clear();
            }
          }
        }
        if (csv.size() > 0) {
          copy.writeToCopy(csv.bytes(), 0, csv.size());
        }
        long written = copy.endCopy();
        if (!connection.getAutoCommit()) {
          connection.commit();
        }
        return written;
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Copying into " + table.name() + " failed: " + e.getMessage(), e);
    }
  }

  /** Reserves {@code table.rows()} ids from the identity sequence; returns the first. */
  private long reserveIds(SeedTable table) {
    try (var connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (var lock = connection.createStatement()) {
        lock.execute(LOCK.formatted(table.name()));
      }
      long last;
      try (var reserve = connection.prepareStatement(RESERVE_IDS)) {
        reserve.setString(1, table.name());
        reserve.setString(2, table.identity());
        reserve.setString(3, table.name());
        reserve.setString(4, table.identity());
        reserve.setLong(5, table.rows());
        try (var result = reserve.executeQuery()) {
          result.next();
          last = result.getLong(1);
        }
      }
      connection.commit();
      return last - table.rows() + 1;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot reserve ids for " + table.name() + ": " + e.getMessage(), e);
    }
  }
}
