package io.tradepost.catalog.migration;

import io.tradepost.platform.SqlDialect;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A schema migration written in Java because its statements differ per database. It runs in
 * Flyway's transaction, and has no checksum: its SQL is chosen at run time.
 */
abstract class CatalogMigration implements JavaMigration {

  private final MigrationVersion version;
  private final String description;
  /** The database being migrated. */
  final SqlDialect dialect;

  CatalogMigration(String version, String description, SqlDialect dialect) {
    this.version = MigrationVersion.fromVersion(version);
    this.description = description;
    this.dialect = dialect;
  }

  /** Runs this migration's statements, in Flyway's transaction, on the database being migrated. */
  abstract void migrate(Statement statement) throws SQLException;

  @Override
  public final void migrate(Context context) throws SQLException {
    try (var statement = context.getConnection().createStatement()) {
      migrate(statement);
    }
  }

  @Override
  public MigrationVersion getVersion() {
    return version;
  }

  @Override
  public String getDescription() {
    return description;
  }

  @Override
  public Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }
}
