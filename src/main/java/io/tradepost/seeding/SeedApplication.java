package io.tradepost.seeding;

import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * What the {@code seed} command starts instead of the service: the database, its migrations (the SQL
 * ones and every module's Java ones), the SQL dialect and the fee policy — no web server, scheduler,
 * event appliers, sync or job runner. It reads the same configuration ({@code application.yml},
 * {@code TRADEPOST_DB_*}) as the service.
 *
 * <p>Started with lazy initialisation, so Flyway is created only when {@link SchemaMigrations} finds the
 * database behind; and without a {@code JdbcClient} bean, which Spring Boot would make wait for Flyway
 * ({@link SeedCommand} makes its own over the data source).
 *
 * <p>No {@code TransactionAutoConfiguration}: its {@code @Transactional} proxies (AOP, Reactor) are
 * not used here; {@link SeedCommand} makes the one {@code TransactionTemplate} the seed needs.
 *
 * <p>Only the modules' {@code migration} packages are scanned (where Java migrations live, see
 * STYLE.md); the two configurations are imported by name. Scanning all of {@code io.tradepost} would
 * read every class file of the service out of the jar to keep two of them.
 *
 * <p>Not a {@code @Configuration}: the service's own component scan must not pick it up.
 */
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
    FlywayAutoConfiguration.class})
@ComponentScan(basePackages = "io.tradepost.*.migration", useDefaultFilters = false,
    includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = JavaMigration.class))
@Import(SeedApplication.ModuleConfigurations.class)
class SeedApplication {

  /** By name, because they are package-private in their modules. */
  static final class ModuleConfigurations implements ImportSelector {

    @Override
    public String[] selectImports(AnnotationMetadata importingClass) {
      return new String[] {"io.tradepost.platform.DatabaseConfig", "io.tradepost.ledger.LedgerConfig"};
    }
  }
}
