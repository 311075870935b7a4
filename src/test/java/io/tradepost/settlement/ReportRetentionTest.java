package io.tradepost.settlement;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class ReportRetentionTest {

  @Test
  void aPurgeThatCannotReachTheDatabaseIsLoggedAndTheScheduleGoesOn() throws IOException {
    int closedPort;
    try (var socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:" + closedPort + "/tradepost", "postgres", "");
    var retention = new ReportRetention(new SettlementJobs(JdbcClient.create(unreachable), new JdbcTemplate(unreachable)),
        new JobsProperties(2, 250_000, 2, Duration.ofMillis(100), Duration.ofDays(90), Duration.ofHours(1),
            Duration.ofSeconds(5)),
        Clock.systemUTC());

    assertThatThrownBy(retention::purge).isInstanceOf(DataAccessException.class);
    assertThatCode(() -> {
      retention.purgeExpiredReports();
      retention.purgeExpiredReports();
    }).doesNotThrowAnyException();
  }
}
