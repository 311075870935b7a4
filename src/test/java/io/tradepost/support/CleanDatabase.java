package io.tradepost.support;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import java.util.Map;

/** Every test application context starts on an empty, freshly migrated schema. */
@TestConfiguration(proxyBeanMethods = false)
public class CleanDatabase {

  @Bean
  FlywayMigrationStrategy cleanThenMigrate() {
    return flyway -> {
      flyway.clean();
      flyway.migrate();
    };
  }

  /** Points {@code tradepost.db.*} at the database named by {@code tradepost.test.database}. */
  public static class Select implements EnvironmentPostProcessor {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
      var name = environment.getProperty("tradepost.test.database");
      if (name == null) {
        return;
      }
      var database = TestDatabase.valueOf(name);
      environment.getPropertySources().addFirst(new MapPropertySource("tradepost-test-database", Map.of(
          "tradepost.db.url", database.url,
          "tradepost.db.user", database.user,
          "tradepost.db.password", database.password,
          "spring.flyway.clean-disabled", "false")));
    }
  }
}
