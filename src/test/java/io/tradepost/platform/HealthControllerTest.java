package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
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

    var response = new HealthController(unreachable, Clock.systemUTC()).health();

    assertThat(response.getStatusCode().value()).isEqualTo(503);
    assertThat(response.getBody()).containsEntry("status", "unhealthy")
        .containsEntry("checks", Map.of("database", "unhealthy"));
  }
}
