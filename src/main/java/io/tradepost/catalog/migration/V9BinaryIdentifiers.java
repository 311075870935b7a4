package io.tradepost.catalog.migration;

import io.tradepost.platform.SqlDialect;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Migration 9, MariaDB (and MySQL) only: identifiers compare byte for byte, as they do on H2 and
 * PostgreSQL. The database's default collation ({@code utf8mb4_general_ci}) matched {@code CaseProbe}
 * and {@code caseprobe} as one product id, so two events for them in one applier batch inserted two rows
 * that collided forever, and an idempotency key or a merchant id matched another one's spelling. The
 * identifier columns get the binary collation of their own character set, without pad space
 * ({@code utf8mb4_nopad_bin}: {@code 'a'} and {@code 'a '} differ too, as on the other databases). An
 * {@code ALTER TABLE ... MODIFY} keeps the columns' indexes and primary keys (it rebuilds them); no
 * foreign key refers to these columns.
 */
@Component
class V9BinaryIdentifiers extends CatalogMigration {

  /** Every table's product, event, merchant, buyer and client ids and idempotency keys. */
  private static final Map<String, List<String>> IDENTIFIERS = new LinkedHashMap<>();

  static {
    IDENTIFIERS.put("products", List.of("id", "merchant_id"));
    IDENTIFIERS.put("product_events", List.of("product_id", "event_id", "merchant_id"));
    IDENTIFIERS.put("orders", List.of("product_id", "merchant_id", "buyer_id"));
    IDENTIFIERS.put("idempotency_keys", List.of("client_id", "idem_key"));
    IDENTIFIERS.put("ledger_transactions", List.of("merchant_id"));
    IDENTIFIERS.put("settlement_lines", List.of("merchant_id"));
  }

  V9BinaryIdentifiers(SqlDialect dialect) {
    super("9", "binary identifiers", dialect);
  }

  @Override
  void migrate(Statement statement) throws SQLException {
    if (dialect != SqlDialect.MARIADB) {
      return;
    }
    for (var table : IDENTIFIERS.entrySet()) {
      binary(statement, table.getKey(), table.getValue());
    }
  }

  /**
   * Gives the columns (text columns of {@code table}, on MariaDB or MySQL) the binary collation of
   * their character set, keeping their type and nullability; one {@code ALTER TABLE}, one rebuild.
   */
  static void binary(Statement statement, String table, List<String> columns) throws SQLException {
    var found = new ArrayList<Column>();
    try (var rs = statement.executeQuery("""
        SELECT column_name, column_type, is_nullable, character_set_name FROM information_schema.columns
         WHERE table_schema = DATABASE() AND table_name = '%s' AND column_name IN ('%s')
         ORDER BY ordinal_position""".formatted(table, String.join("', '", columns)))) {
      while (rs.next()) {
        found.add(new Column(rs.getString(1), rs.getString(2), "YES".equals(rs.getString(3)), rs.getString(4)));
      }
    }
    if (found.size() != columns.size()) {
      throw new SQLException("Expected columns " + columns + " in " + table + ", found " + found);
    }
    var clauses = new ArrayList<String>();
    for (var column : found) {
      clauses.add("MODIFY %s %s CHARACTER SET %s COLLATE %s %s".formatted(column.name(), column.type(),
          column.charset(), binaryCollation(statement, column.charset()), column.nullable() ? "NULL" : "NOT NULL"));
    }
    statement.execute("ALTER TABLE " + table + " " + String.join(", ", clauses));
  }

  private record Column(String name, String type, boolean nullable, String charset) {}

  /** MariaDB's binary collation without pad space, else MySQL 8's, else the plain binary one. */
  private static String binaryCollation(Statement statement, String charset) throws SQLException {
    var candidates = List.of(charset + "_nopad_bin", charset + "_0900_bin", charset + "_bin");
    try (var rs = statement.executeQuery("SELECT collation_name FROM information_schema.collations"
        + " WHERE collation_name IN ('" + String.join("', '", candidates) + "')")) {
      var available = new ArrayList<String>();
      while (rs.next()) {
        available.add(rs.getString(1));
      }
      return candidates.stream().filter(available::contains).findFirst()
          .orElseThrow(() -> new SQLException("No binary collation for character set " + charset));
    }
  }
}
