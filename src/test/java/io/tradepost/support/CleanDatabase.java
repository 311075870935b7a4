package io.tradepost.support;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/** Every test application context starts on an empty, freshly migrated schema. */
@TestConfiguration(proxyBeanMethods = false)
public class CleanDatabase {

  @Bean
  FlywayMigrationStrategy cleanThenMigrate() {
    return flyway -> {
      dropJobRunrView(flyway.getConfiguration().getDataSource());
      flyway.clean();
      flyway.migrate();
    };
  }

  /**
   * JobRunr creates its own tables and a view outside Flyway; Flyway's clean leaves that view behind on
   * H2, and JobRunr then fails to recreate it. Dropping it first makes the schema truly empty.
   */
  private static void dropJobRunrView(DataSource dataSource) {
    try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
      statement.execute("DROP VIEW IF EXISTS jobrunr_jobs_stats");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot drop JobRunr's view before cleaning the test database", e);
    }
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
