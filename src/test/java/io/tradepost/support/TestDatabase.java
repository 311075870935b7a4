package io.tradepost.support;

import java.sql.DriverManager;
import java.util.Optional;

/**
 * The databases the tests run against: H2 in memory, and the PostgreSQL and MariaDB servers of the
 * machine (databases {@code tradepost_test}, created by {@code .ci/run}). Override with
 * {@code TRADEPOST_TEST_PG_URL} / {@code TRADEPOST_TEST_MARIADB_URL}.
 */
public enum TestDatabase {
  H2("jdbc:h2:mem:tradepost;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", ""),
  POSTGRESQL(env("TRADEPOST_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/tradepost_test"), "postgres", ""),
  MARIADB(env("TRADEPOST_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/tradepost_test"), "root", "");

  public final String url;
  public final String user;
  public final String password;

  TestDatabase(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Why the database cannot be used, or empty when it answers. */
  public Optional<String> unavailableBecause() {
    try (var connection = DriverManager.getConnection(url, user, password)) {
      return connection.isValid(2) ? Optional.empty() : Optional.of(name() + " at " + url + " is not valid");
    } catch (Exception e) {
      return Optional.of(name() + " at " + url + " does not answer: " + e.getMessage());
    }
  }

  private static String env(String name, String fallback) {
    var value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
