package io.tradepost.catalog.migration;

import io.tradepost.platform.SqlDialect;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Migration 10: {@code product_events_dead}, the events that could not be applied (see
 * {@code events.DeadLetters}): a copy of the event as it was received, why it failed and when. A copy, as the
 * inbox row is purged with the audit trail. On MariaDB its ids compare byte for byte like the rest
 * (migration 9).
 */
@Component
class V10DeadLetters extends CatalogMigration {

  V10DeadLetters(SqlDialect dialect) {
    super("10", "dead letters", dialect);
  }

  @Override
  void migrate(Statement statement) throws SQLException {
    statement.execute("""
        CREATE TABLE product_events_dead (
          seq         BIGINT        NOT NULL PRIMARY KEY,
          product_id  VARCHAR(64)   NOT NULL,
          event_id    VARCHAR(128),
          name        VARCHAR(255),
          merchant_id VARCHAR(64),
          price       BIGINT,
          stock       BIGINT,
          received_at %1$s NOT NULL,
          reason      VARCHAR(1000) NOT NULL,
          failed_at   %1$s NOT NULL
        )""".formatted(dialect.placeholders().get("ts")));
    statement.execute("CREATE INDEX product_events_dead_by_failed ON product_events_dead (failed_at, seq)");
    if (dialect == SqlDialect.MARIADB) {
      V9BinaryIdentifiers.binary(statement, "product_events_dead", List.of("product_id", "event_id", "merchant_id"));
    }
  }
}
