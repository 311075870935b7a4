package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class DatabaseTimeoutsTest {

  private final DatabaseProperties timeouts =
      new DatabaseProperties(Duration.ofMillis(2500), Duration.ofSeconds(30), Duration.ofSeconds(25));

  @Test
  void postgresqlGetsItsTimeoutsInWholeSecondsRoundedUp() {
    assertThat(DatabaseTimeouts.driverProperties("jdbc:postgresql://db:5432/tradepost", timeouts))
        .containsEntry("connectTimeout", "3")
        .containsEntry("loginTimeout", "3")
        .containsEntry("socketTimeout", "30");
  }

  @Test
  void mariaDbGetsItsTimeoutsInMilliseconds() {
    assertThat(DatabaseTimeouts.driverProperties("jdbc:mariadb://db:3306/tradepost", timeouts))
        .containsEntry("connectTimeout", "2500")
        .containsEntry("socketTimeout", "30000");
  }

  @Test
  void h2InProcessHasNoConnectionToTimeOut() {
    assertThat(DatabaseTimeouts.driverProperties("jdbc:h2:file:./data/tradepost", timeouts)).isEmpty();
  }

  @Test
  void thePoolGetsTheTimeoutsButKeepsWhatTheOperatorSet() {
    var beans = new StaticListableBeanFactory();
    beans.addBean("timeouts", timeouts);
    try (var pool = new HikariDataSource()) {
      pool.setJdbcUrl("jdbc:postgresql://db:5432/tradepost");
      pool.addDataSourceProperty("socketTimeout", "90");

      new DatabaseTimeouts(beans.getBeanProvider(DatabaseProperties.class)).postProcessBeforeInitialization(pool, "dataSource");

      assertThat(pool.getDataSourceProperties())
          .containsEntry("connectTimeout", "3")
          .containsEntry("socketTimeout", "90");
    }
  }
}
