package io.tradepost.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One {@code INSERT ... VALUES (...), (...), ...} per chunk of rows: a set-based write that every
 * supported database understands, instead of a statement per row.
 */
public final class MultiRowInsert {

  /** Keeps every statement under the smallest bind-parameter limit (PostgreSQL: 32,767). */
  private static final int MAX_PARAMETERS = 30_000;

  private final String head;
  private final String placeholders;
  private final int columns;

  public MultiRowInsert(String table, String... columns) {
    this.head = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ";
    this.placeholders = "(" + Placeholders.of(columns.length) + ")";
    this.columns = columns.length;
  }

  /** Inserts the rows, each an array with one value per column; returns the number inserted. */
  public int insert(JdbcClient jdbc, List<Object[]> rows) {
    int perStatement = Math.max(1, MAX_PARAMETERS / columns);
    int inserted = 0;
    for (int from = 0; from < rows.size(); from += perStatement) {
      var chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
      var params = new ArrayList<>(chunk.size() * columns);
      for (var row : chunk) {
        if (row.length != columns) {
          throw new IllegalArgumentException("Expected " + columns + " values, got " + row.length);
        }
        Collections.addAll(params, row);
      }
      var sql = head + String.join(", ", Collections.nCopies(chunk.size(), placeholders));
      inserted += jdbc.sql(sql).params(params).update();
    }
    return inserted;
  }
}
