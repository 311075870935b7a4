package io.tradepost.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives the connection pool's driver the {@code tradepost.db} connect and socket timeouts, in that
 * driver's own property names and units, so that no one has to write them into the JDBC URL. A
 * property already set (in {@code spring.datasource.hikari.data-source-properties}) is left alone.
 * H2 runs in process: there is no connection to lose, and only the statement timeout applies.
 */
final class DatabaseTimeouts implements BeanPostProcessor {

  private final ObjectProvider<DatabaseProperties> properties;

  DatabaseTimeouts(ObjectProvider<DatabaseProperties> properties) {
    this.properties = properties;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
      driverProperties(pool.getJdbcUrl(), properties.getObject())
          .forEach((key, value) -> pool.getDataSourceProperties().putIfAbsent(key, value));
    }
    return bean;
  }

  /** The driver properties that carry the timeouts for a JDBC URL; none for H2. */
  static Map<String, String> driverProperties(String url, DatabaseProperties timeouts) {
    if (url.startsWith("jdbc:postgresql:")) {
      // In seconds; loginTimeout also bounds the start-up exchange on a connection that opened.
      return Map.of(
          "connectTimeout", seconds(timeouts.connectTimeout()),
          "loginTimeout", seconds(timeouts.connectTimeout()),
          "socketTimeout", seconds(timeouts.socketTimeout()));
    }
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      return Map.of(
          "connectTimeout", Long.toString(timeouts.connectTimeout().toMillis()),
          "socketTimeout", Long.toString(timeouts.socketTimeout().toMillis()));
    }
    return Map.of();
  }

  private static String seconds(Duration duration) {
    return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
  }
}
