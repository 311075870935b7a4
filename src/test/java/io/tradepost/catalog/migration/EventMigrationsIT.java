package io.tradepost.catalog.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradepost.platform.SqlDialect;
import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Older PostgreSQL databases upgrade in place. One that ran migrations 1–5 (unapplied events found
 * through {@code applied_at} indexes): its unapplied events are queued, the {@code applied_at} indexes
 * are gone, the times its events were applied are kept as applied ranges, and event ids are still
 * unique. One that ran migrations 1–7: an audit-trail index an operator built beforehand is kept.
 * One migrated before the Java migrations moved to this package still validates.
 * In a schema of its own, so the other tests' database is left alone.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class EventMigrationsIT {

  static final String SCHEMA = "tradepost_upgraded";

  final DriverManagerDataSource dataSource = new DriverManagerDataSource(
      TestDatabase.POSTGRESQL.url, TestDatabase.POSTGRESQL.user, TestDatabase.POSTGRESQL.password);
  final JdbcClient jdbc = JdbcClient.create(dataSource);

  @AfterEach
  void dropSchema() {
    jdbc.sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").update();
  }

  @Test
  void unappliedEventsOfAVersion5DatabaseAreQueuedAndAppliedOnesBecomeAppliedRanges() {
    dropSchema();
    flyway(MigrationVersion.fromVersion("5")).migrate();
    assertThat(appliedAtIndexes()).contains("product_events_by_applied", "product_events_unapplied");
    jdbc.sql("""
            INSERT INTO %s.product_events (seq, product_id, stock, received_at, applied_at) VALUES
              (1, 'p1', 1, TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 00:00:01'),
              (2, 'p1', 2, TIMESTAMP '2026-01-01 00:00:02', NULL),
              (3, 'p2', 3, TIMESTAMP '2026-01-01 00:00:03', NULL),
              (8, 'p4', 1, TIMESTAMP '2026-01-01 00:00:04', TIMESTAMP '2026-01-01 00:00:09'),
              (9, 'p4', 2, TIMESTAMP '2026-01-01 00:00:04', TIMESTAMP '2026-01-01 00:00:09'),
              (10, 'p4', 3, TIMESTAMP '2026-01-01 00:00:04', TIMESTAMP '2026-01-01 00:00:10'),
              (11, 'p4', 4, TIMESTAMP '2026-01-01 00:00:04', TIMESTAMP '2026-01-01 00:00:09')""".formatted(SCHEMA))
        .update();

    var result = flyway(MigrationVersion.LATEST).migrate();

    assertThat(result.success).isTrue();
    assertThat(jdbc.sql("SELECT first_seq FROM " + SCHEMA + ".product_events_pending ORDER BY first_seq").query(Long.class).list())
        .containsExactly(2L, 3L);
    assertThat(appliedAtIndexes()).isEmpty();
    // Migration 7: consecutive events applied at the same moment became one applied range.
    assertThat(jdbc.sql("SELECT first_seq, last_seq, applied_at FROM " + SCHEMA + ".product_events_applied ORDER BY first_seq")
        .query((rs, row) -> rs.getLong(1) + "-" + rs.getLong(2) + " " + rs.getTimestamp(3).toLocalDateTime()).list())
        .containsExactly("1-1 2026-01-01T00:00:01", "8-9 2026-01-01T00:00:09", "10-10 2026-01-01T00:00:10",
            "11-11 2026-01-01T00:00:09");
    assertThat(jdbc.sql("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = ? AND table_name = 'product_events'"
        + " AND column_name = 'applied_at'").param(SCHEMA).query(Long.class).single()).isZero();
    jdbc.sql("INSERT INTO " + SCHEMA + ".product_events (seq, product_id, event_id, received_at) VALUES "
        + "(4, 'p3', 'e-1', TIMESTAMP '2026-01-01 00:00:04'), (5, 'p3', NULL, TIMESTAMP '2026-01-01 00:00:05'), "
        + "(6, 'p3', NULL, TIMESTAMP '2026-01-01 00:00:06')").update();
    assertThatThrownBy(() -> jdbc.sql("INSERT INTO " + SCHEMA + ".product_events (seq, product_id, event_id, received_at)"
        + " VALUES (7, 'p3', 'e-1', TIMESTAMP '2026-01-01 00:00:07')").update())
        .as("a repeated event_id is still refused").isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void anAuditTrailIndexBuiltBeforeTheUpgradeIsKeptAndTheOldOneDropped() {
    long built = version7WithTheIndexBuiltBeforehand();

    assertThat(flyway(MigrationVersion.LATEST).migrate().success).isTrue();

    assertThat(indexOid("product_events_by_product_hash")).as("the same index, not built again").isEqualTo(built);
    assertThat(indexNames()).contains("product_events_by_product_hash").doesNotContain("product_events_by_product");
  }

  @Test
  void anAuditTrailIndexLeftInvalidByAFailedConcurrentBuildIsBuiltAgain() {
    long failed = version7WithTheIndexBuiltBeforehand();
    // What PostgreSQL leaves behind when a concurrent build is cancelled or fails.
    jdbc.sql("UPDATE pg_index SET indisvalid = false WHERE indexrelid = ?").param(failed).update();

    assertThat(flyway(MigrationVersion.LATEST).migrate().success).isTrue();

    long rebuilt = indexOid("product_events_by_product_hash");
    assertThat(rebuilt).isNotEqualTo(failed);
    assertThat(jdbc.sql("SELECT indisvalid FROM pg_index WHERE indexrelid = ?").param(rebuilt).query(Boolean.class).single())
        .isTrue();
    assertThat(indexNames()).doesNotContain("product_events_by_product");
  }

  @Test
  void aDatabaseMigratedBeforeTheMigrationsWereRenamedStillValidates() {
    dropSchema();
    var renamed = Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .placeholders(SqlDialect.POSTGRESQL.placeholders())
        .javaMigrations(javaMigrations(SqlDialect.POSTGRESQL))
        .load();
    renamed.migrate();
    // What the classes recorded before they moved to catalog.migration (taken from the classes then).
    assertThat(jdbc.sql("SELECT version, description, type, checksum FROM " + SCHEMA
            + ".flyway_schema_history WHERE type = 'JDBC' ORDER BY installed_rank")
        .query((rs, row) -> rs.getString(1) + " | " + rs.getString(2) + " | " + rs.getString(3) + " | " + rs.getObject(4))
        .list())
        .containsExactly(
            "5 | unapplied events index | JDBC | null",
            "6 | pending events queue | JDBC | null",
            "7 | applied ranges | JDBC | null",
            "8 | product events by hash | JDBC | null",
            "9 | binary identifiers | JDBC | null",
            "10 | dead letters | JDBC | null");
    // A deployed database names the classes where they were.
    jdbc.sql("UPDATE " + SCHEMA + ".flyway_schema_history SET script = CASE version"
            + " WHEN '5' THEN 'io.tradepost.catalog.UnappliedEventsIndex'"
            + " WHEN '6' THEN 'io.tradepost.catalog.PendingEventsQueue'"
            + " WHEN '7' THEN 'io.tradepost.catalog.AppliedRanges'"
            + " WHEN '8' THEN 'io.tradepost.catalog.ProductEventsByHash'"
            + " WHEN '9' THEN 'io.tradepost.catalog.V9BinaryIdentifiers'"
            + " WHEN '10' THEN 'io.tradepost.catalog.V10DeadLetters' ELSE script END")
        .update();

    var validation = renamed.validateWithResult();

    assertThat(validation.validationSuccessful).as("%s", validation.invalidMigrations).isTrue();
    assertThat(renamed.migrate().migrationsExecuted).isZero();
  }

  static CatalogMigration[] javaMigrations(SqlDialect dialect) {
    return new CatalogMigration[] {new V5UnappliedEventsIndex(dialect), new V6PendingEventsQueue(dialect),
        new V7AppliedRanges(dialect), new V8ProductEventsByHash(dialect), new V9BinaryIdentifiers(dialect),
        new V10DeadLetters(dialect)};
  }

  /** A database at migration 7 where an operator built migration 8's index concurrently; returns its oid. */
  private long version7WithTheIndexBuiltBeforehand() {
    dropSchema();
    flyway(MigrationVersion.fromVersion("7")).migrate();
    jdbc.sql("CREATE INDEX CONCURRENTLY product_events_by_product_hash ON " + SCHEMA
        + ".product_events (hashtext(product_id), seq)").update();
    return indexOid("product_events_by_product_hash");
  }

  private long indexOid(String name) {
    return jdbc.sql("SELECT to_regclass(?)::oid").param(SCHEMA + "." + name).query(Long.class).single();
  }

  private List<String> indexNames() {
    return jdbc.sql("SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = 'product_events'")
        .param(SCHEMA).query(String.class).list();
  }

  private Flyway flyway(MigrationVersion target) {
    var dialect = SqlDialect.POSTGRESQL;
    return Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .placeholders(dialect.placeholders())
        .javaMigrations(new V5UnappliedEventsIndex(dialect), new V6PendingEventsQueue(dialect),
            new V7AppliedRanges(dialect), new V8ProductEventsByHash(dialect))
        .target(target)
        .load();
  }

  private List<String> appliedAtIndexes() {
    return jdbc.sql("""
            SELECT indexname FROM pg_indexes
             WHERE schemaname = ? AND tablename = 'product_events' AND indexdef LIKE '%applied_at%'""")
        .param(SCHEMA).query(String.class).list();
  }
}
