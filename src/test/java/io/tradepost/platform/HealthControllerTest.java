package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.DefaultHealthContributorRegistry;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class HealthControllerTest {

  @Test
  void uptimeReadsLikeTheSeedServices() {
    assertThat(HealthController.uptime(Duration.ofSeconds(8130))).isEqualTo("2h15m30s");
    assertThat(HealthController.uptime(Duration.ofSeconds(61))).isEqualTo("1m1s");
    assertThat(HealthController.uptime(Duration.ofSeconds(5))).isEqualTo("5s");
  }

  @Test
  void aDatabaseThatDoesNotAnswerMakesTheServiceUnhealthy() {
    var unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=1", "x", "");

    var response = new HealthController(unreachable, noIndicators(), Clock.systemUTC()).health();

    assertThat(response.getStatusCode().value()).isEqualTo(503);
    assertThat(response.getBody().status()).isEqualTo("unhealthy");
    assertThat(response.getBody().checks()).isEqualTo(Map.of("database", "unhealthy"));
  }

  @Test
  void settlementJobsThatCannotRunMakeTheServiceUnhealthy() {
    var response = new HealthController(answering(), indicators(Map.of(
        "jobs", () -> Health.down().withDetail("reason", "JobRunr's background job server is stopped").build())),
        Clock.systemUTC()).health();

    assertThat(response.getStatusCode().value()).isEqualTo(503);
    assertThat(response.getBody().checks()).isEqualTo(Map.of("database", "healthy", "jobs", "unhealthy"));
  }

  @Test
  void aBrokenCacheDegradesButTheServiceStaysHealthy() {
    var response = new HealthController(answering(), indicators(Map.of(
        "jobs", () -> Health.up().build(),
        "cache", () -> Health.status(RedisCacheConfig.DEGRADED).build())), Clock.systemUTC()).health();

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getBody().status()).isEqualTo("healthy");
    assertThat(response.getBody().checks()).isEqualTo(Map.of("database", "healthy", "jobs", "healthy", "cache", "degraded"));
  }

  private static DataSource answering() {
    return new DriverManagerDataSource("jdbc:h2:mem:health", "sa", "");
  }

  private static ObjectProvider<HealthContributorRegistry> indicators(Map<String, HealthIndicator> indicators) {
    var registry = new DefaultHealthContributorRegistry();
    indicators.forEach(registry::registerContributor);
    var beans = new StaticListableBeanFactory();
    beans.addBean("registry", registry);
    return beans.getBeanProvider(HealthContributorRegistry.class);
  }

  private static ObjectProvider<HealthContributorRegistry> noIndicators() {
    return new StaticListableBeanFactory().getBeanProvider(HealthContributorRegistry.class);
  }
}
