package io.tradepost.platform;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The database's dialect, timeouts and migration settings; whole by itself, so the seed command can use it alone. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfig {

  @Bean
  SqlDialect sqlDialect(DataSource dataSource) {
    return SqlDialect.of(dataSource);
  }

  @Bean
  FlywayConfigurationCustomizer dialectPlaceholders(SqlDialect dialect) {
    return configuration -> configuration.placeholders(dialect.placeholders());
  }

  @Bean
  static BeanPostProcessor databaseTimeouts(ObjectProvider<DatabaseProperties> properties) {
    return new DatabaseTimeouts(properties);
  }

  /**
   * A migration may rightly run one statement for longer than the socket timeout (an index built on
   * a large table), which would tear its connection down and stop the start. Migrations therefore get
   * their own connections, with the connect timeout of the driver's defaults and no socket timeout.
   */
  @Bean
  FlywayConfigurationCustomizer migrationsWithoutSocketTimeout(DataSource dataSource, DatabaseProperties timeouts) {
    return configuration -> {
      if (dataSource instanceof HikariDataSource pool
          && !DatabaseTimeouts.driverProperties(pool.getJdbcUrl(), timeouts).isEmpty()) {
        configuration.dataSource(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
      }
    };
  }
}
