package io.tradepost.platform;

import javax.sql.DataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

  @Bean
  SqlDialect sqlDialect(DataSource dataSource) {
    return SqlDialect.of(dataSource);
  }

  @Bean
  FlywayConfigurationCustomizer dialectPlaceholders(SqlDialect dialect) {
    return configuration -> configuration.placeholders(dialect.placeholders());
  }
}
