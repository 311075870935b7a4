package io.tradepost.security;

import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;

/**
 * What the {@code keys} command starts instead of the service: the database, its migrations and the
 * key store — no web server, scheduler or background work. Same configuration as the service.
 *
 * <p>Not a {@code @Configuration}: the service's own component scan must not pick it up.
 */
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
    TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
    FlywayAutoConfiguration.class})
@ComponentScan(basePackages = "io.tradepost", useDefaultFilters = false, includeFilters = {
    @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = JavaMigration.class),
    @Filter(type = FilterType.REGEX, pattern = "io\\.tradepost\\.(platform\\.DatabaseConfig|security\\.KeyStoreConfig)")})
class KeysApplication {}
