package io.tradepost.support;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The databases the tests run against: H2 in memory, and the PostgreSQL and MariaDB servers of the
 * machine (databases {@code tradepost_test}, created here on first use when the server answers but the
 * database does not exist yet). Override with {@code TRADEPOST_TEST_PG_URL} / {@code TRADEPOST_TEST_MARIADB_URL}.
 */
public enum TestDatabase {
  H2("jdbc:h2:mem:tradepost;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "", null),
  POSTGRESQL(env("TRADEPOST_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/tradepost_test"), "postgres", "",
      "postgres"),
  MARIADB(env("TRADEPOST_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/tradepost_test"), "root", "", "");

  /** {@code jdbc:<driver>://<server>/<database>[?params]}. */
  private static final Pattern SERVER_URL = Pattern.compile("(jdbc:[a-z]+://[^/]+/)([A-Za-z0-9_]+)(.*)");

  public final String url;
  public final String user;
  public final String password;
  /** The database to connect to on the server in order to create the test database; null: nothing to create. */
  private final String maintenanceDatabase;
  private Optional<String> unavailableBecause;

  TestDatabase(String url, String user, String password, String maintenanceDatabase) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.maintenanceDatabase = maintenanceDatabase;
  }

  /** Why the database cannot be used, or empty when it answers (asked once per test run). */
  public synchronized Optional<String> unavailableBecause() {
    if (unavailableBecause == null) {
      unavailableBecause = connect();
      if (unavailableBecause.isPresent() && triedToCreateDatabase()) {
        unavailableBecause = connect();
      }
    }
    return unavailableBecause;
  }

  private Optional<String> connect() {
    try (var connection = DriverManager.getConnection(url, user, password)) {
      return connection.isValid(2) ? Optional.empty() : Optional.of(name() + " at " + url + " is not valid");
    } catch (Exception e) {
      return Optional.of(name() + " at " + url + " does not answer: " + e.getMessage());
    }
  }

  /**
   * Creates the test database when its server answers without it, so a fresh clone tests everything
   * with nothing but running servers. False when this database is not created this way (H2, an unusual URL).
   */
  private boolean triedToCreateDatabase() {
    var parts = SERVER_URL.matcher(url);
    if (maintenanceDatabase == null || !parts.matches()) {
      return false;
    }
    var serverUrl = parts.group(1) + maintenanceDatabase + parts.group(3);
    try (var connection = DriverManager.getConnection(serverUrl, user, password);
        var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + parts.group(2));
      System.err.println("Created the test database " + parts.group(2) + " on " + serverUrl);
    } catch (SQLException e) {
      // The server is down, or another run created the database meanwhile: connecting again tells which.
    }
    return true;
  }

  /**
   * The URL of an empty database {@code <test database>_<suffix>} on this PostgreSQL server, dropped and
   * created again: for the packaged jars of one test class, whose counts no other test may disturb.
   */
  public String freshDatabase(String suffix) throws SQLException {
    if (this != POSTGRESQL) {
      throw new UnsupportedOperationException("fresh databases are made on PostgreSQL only");
    }
    var name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "") + "_" + suffix;
    try (var connection = DriverManager.getConnection(url, user, password);
        var statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + name);
    }
    return url.substring(0, url.lastIndexOf('/') + 1) + name;
  }

  private static String env(String name, String fallback) {
    var value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
