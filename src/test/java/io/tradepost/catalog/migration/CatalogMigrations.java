package io.tradepost.catalog.migration;

import io.tradepost.platform.SqlDialect;
import org.flywaydb.core.api.migration.JavaMigration;

/** The catalog's Java migrations, for tests that migrate a database with Flyway alone. */
public final class CatalogMigrations {

  private CatalogMigrations() {}

  public static JavaMigration[] all(SqlDialect dialect) {
    return EventMigrationsIT.javaMigrations(dialect);
  }
}
