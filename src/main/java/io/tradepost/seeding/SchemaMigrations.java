package io.tradepost.seeding;

import java.io.IOException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Runs the migrations when the database lacks one of them, and only then. Starting Flyway costs the
 * seed about a second (it loads every plugin and reads every migration) even when there is nothing to
 * do, which is the usual case: the service has migrated the database already. So the schema history
 * is read first: when every versioned migration of the jar (the SQL files in Flyway's configured
 * locations and the modules' Java migrations) is recorded there as successful, Flyway is not started.
 * Anything else (no history yet, a migration missing or failed, a repeatable migration, a location
 * outside the jar) starts Flyway, which migrates as the service's start would. What Flyway would also
 * have done, checking the applied migrations' checksums, is left to the service's start.
 *
 * <p>Works with the seed's lazily initialised context: Flyway is a bean that is created only when asked for.
 */
final class SchemaMigrations {

  private static final Pattern VERSIONED_SQL = Pattern.compile("V(.+?)__.+\\.sql");

  private SchemaMigrations() {}

  /** Migrates the database if it is behind the jar's migrations. */
  static void bringUpToDate(ConfigurableApplicationContext context) {
    var environment = context.getEnvironment();
    if (environment.getProperty("spring.flyway.enabled", Boolean.class, true) && !isCurrent(context)) {
      context.getBean(FlywayMigrationInitializer.class); // migrates as it is created
    }
  }

  static boolean isCurrent(ConfigurableApplicationContext context) {
    var dataSource = context.getBean(DataSource.class);
    var inJar = new HashSet<MigrationVersion>();
    for (var migration : context.getBeansOfType(JavaMigration.class).values()) {
      if (migration.getVersion() == null) {
        return false;
      }
      inJar.add(migration.getVersion());
    }
    try {
      if (!addSqlMigrations(context, dataSource, inJar)) {
        return false;
      }
      return applied(dataSource, context.getEnvironment().getProperty("spring.flyway.table", "flyway_schema_history"))
          .containsAll(inJar);
    } catch (SQLException | IOException e) {
      return false; // no history table yet, or it cannot be read: Flyway will say what is wrong
    }
  }

  /** Adds the versions of the SQL migrations in the configured locations; false if one is not versioned. */
  private static boolean addSqlMigrations(ConfigurableApplicationContext context, DataSource dataSource,
      Set<MigrationVersion> versions) throws SQLException, IOException {
    var locations = Binder.get(context.getEnvironment())
        .bind("spring.flyway.locations", Bindable.listOf(String.class))
        .orElse(List.of("classpath:db/migration"));
    String vendor;
    try (var connection = dataSource.getConnection()) {
      vendor = DatabaseDriver.fromJdbcUrl(connection.getMetaData().getURL()).getId();
    }
    var resources = new PathMatchingResourcePatternResolver(context.getClassLoader());
    for (var location : locations) {
      if (!location.startsWith("classpath:")) {
        return false;
      }
      for (var script : resources.getResources(location.replace("{vendor}", vendor) + "/**/*.sql")) {
        var name = VERSIONED_SQL.matcher(String.valueOf(script.getFilename()));
        if (!name.matches()) {
          return false;
        }
        versions.add(MigrationVersion.fromVersion(name.group(1).replace('_', '.')));
      }
    }
    return true;
  }

  private static Set<MigrationVersion> applied(DataSource dataSource, String table) throws SQLException {
    var applied = new HashSet<MigrationVersion>();
    try (var connection = dataSource.getConnection()) {
      var quote = connection.getMetaData().getIdentifierQuoteString().strip();
      var sql = "SELECT %1$sversion%1$s, %1$ssuccess%1$s FROM %1$s%2$s%1$s".formatted(quote, table);
      try (var statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
        while (rows.next()) {
          if (rows.getString(1) != null && rows.getBoolean(2)) {
            applied.add(MigrationVersion.fromVersion(rows.getString(1)));
          }
        }
      }
    }
    return applied;
  }
}
