package io.tradepost.catalog;

import io.tradepost.platform.SqlDialect;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Migration 5, PostgreSQL only: a partial index over the unapplied events. Appliers look for
 * {@code applied_at IS NULL ORDER BY seq}; in the {@code (applied_at, seq)} index every applied
 * event leaves a dead "NULL" entry behind until vacuum, and each claim walked over all of them —
 * measured, 110–145 ms per 1,000 events after 200,000 events, against 21–25 ms with this index.
 * H2 and MariaDB have no partial indexes; they keep using {@code product_events_by_applied}.
 */
@Component
class UnappliedEventsIndex implements JavaMigration {

  private final SqlDialect dialect;

  UnappliedEventsIndex(SqlDialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("5");
  }

  @Override
  public String getDescription() {
    return "unapplied events index";
  }

  @Override
  public Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws Exception {
    if (dialect != SqlDialect.POSTGRESQL) {
      return;
    }
    try (var statement = context.getConnection().createStatement()) {
      statement.execute("CREATE INDEX product_events_unapplied ON product_events (seq) WHERE applied_at IS NULL");
    }
  }
}
