package io.tradepost.catalog.migration;

import io.tradepost.platform.SqlDialect;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.stereotype.Component;

/**
 * Migration 7: when events were applied is kept per applied range of consecutive sequences, in
 * {@code product_events_applied}, instead of in an {@code applied_at} column of every event. Marking
 * events applied rewrote each event row (a second version of it, logged, on a page kept half empty
 * for it); a range is one small row per applier batch. Events already applied become ranges of
 * consecutive sequences applied at the same time; the column goes. With no update of its rows left,
 * the inbox on PostgreSQL fills its pages again (fill factor back to the default of 100).
 */
@Component
class V7AppliedRanges extends CatalogMigration {

  V7AppliedRanges(SqlDialect dialect) {
    super("7", "applied ranges", dialect);
  }

  @Override
  void migrate(Statement statement) throws SQLException {
    statement.execute("""
        CREATE TABLE product_events_applied (
          first_seq  BIGINT NOT NULL PRIMARY KEY,
          last_seq   BIGINT NOT NULL,
          applied_at %s NOT NULL
        )""".formatted(dialect.placeholders().get("ts")));
    // Consecutive sequences applied at the same moment form one range ("gaps and islands").
    statement.execute("""
        INSERT INTO product_events_applied (first_seq, last_seq, applied_at)
        SELECT MIN(seq), MAX(seq), applied_at FROM (
          SELECT seq, applied_at, seq - ROW_NUMBER() OVER (PARTITION BY applied_at ORDER BY seq) AS island
            FROM product_events WHERE applied_at IS NOT NULL) e
         GROUP BY applied_at, island""");
    statement.execute("ALTER TABLE product_events DROP COLUMN applied_at");
    if (dialect == SqlDialect.POSTGRESQL) {
      statement.execute("ALTER TABLE product_events RESET (fillfactor)");
    }
  }
}
