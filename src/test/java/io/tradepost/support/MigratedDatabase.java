package io.tradepost.support;

import com.zaxxer.hikari.HikariDataSource;
import io.tradepost.catalog.migration.CatalogMigrations;
import io.tradepost.platform.SqlDialect;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A test database migrated with the service's migrations (SQL, vendor folder and Java) and dialect,
 * for persistence tests of one repository: no Spring context, web server, appliers or job runner.
 * Migrated afresh once per test run and database; tests use ids of their own instead of cleaning up.
 */
public final class MigratedDatabase {

  /** The schema (PostgreSQL), database (MariaDB) or in-memory database (H2) of the persistence tests. */
  private static final String NAME = "persistence";
  private static final Map<TestDatabase, MigratedDatabase> MIGRATED = new EnumMap<>(TestDatabase.class);

  public final DataSource dataSource;
  public final SqlDialect dialect;
  public final JdbcClient jdbc;
  public final JdbcTemplate template;
  public final PlatformTransactionManager transactions;
  public final TransactionTemplate transaction;

  private MigratedDatabase(TestDatabase database) {
    var pool = new HikariDataSource();
    pool.setJdbcUrl(isolated(database));
    pool.setUsername(database.user);
    pool.setPassword(database.password);
    pool.setMaximumPoolSize(4);
    pool.setPoolName("persistence-" + database.name().toLowerCase(Locale.ROOT));
    if (database == TestDatabase.POSTGRESQL) {
      pool.setSchema(NAME);
    }
    this.dataSource = pool;
    this.dialect = SqlDialect.of(pool);
    var flyway = Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/migration", "classpath:db/vendor/" + vendor(dialect))
        .placeholders(dialect.placeholders())
        .javaMigrations(CatalogMigrations.all(dialect));
    if (database == TestDatabase.POSTGRESQL) {
      flyway.schemas(NAME);
    }
    flyway.load().migrate();
    this.jdbc = JdbcClient.create(pool);
    this.template = new JdbcTemplate(pool);
    this.transactions = new DataSourceTransactionManager(pool);
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * A fresh database of the persistence tests' own, next to the one the application tests use: the
   * appliers of application contexts still running in this JVM never touch its rows.
   */
  private static String isolated(TestDatabase database) {
    return switch (database) {
      case H2 -> "jdbc:h2:mem:" + NAME + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
      case POSTGRESQL -> {
        server(database).sql("DROP SCHEMA IF EXISTS " + NAME + " CASCADE").update();
        yield database.url;
      }
      case MARIADB -> {
        var server = server(database);
        var name = server.sql("SELECT DATABASE()").query(String.class).single() + "_" + NAME;
        server.sql("DROP DATABASE IF EXISTS " + name).update();
        server.sql("CREATE DATABASE " + name).update();
        yield database.url.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
      }
    };
  }

  private static JdbcClient server(TestDatabase database) {
    return JdbcClient.create(new DriverManagerDataSource(database.url, database.user, database.password));
  }

  /** The database, migrated; the test class must be {@link RequiresDatabase} it. */
  public static synchronized MigratedDatabase of(TestDatabase database) {
    return MIGRATED.computeIfAbsent(database, MigratedDatabase::new);
  }

  /** The {@code {vendor}} Spring Boot puts in {@code spring.flyway.locations} for this database. */
  private static String vendor(SqlDialect dialect) {
    return switch (dialect) {
      case H2 -> "h2";
      case POSTGRESQL -> "postgresql";
      case MARIADB -> "mariadb";
    };
  }
}
