package io.tradepost.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long Tradepost waits for the database ({@code tradepost.db.*}; the URL, user and pool size are
 * read by Spring's data source from the same prefix).
 *
 * @param connectTimeout opening a TCP connection and logging in (PostgreSQL, MariaDB)
 * @param socketTimeout longest silence on an open connection before it is given up as dead
 *     (PostgreSQL, MariaDB): what bounds a request when the database hangs without closing connections.
 *     Longer than {@code statementTimeout}, so a slow statement is cancelled, not its connection torn down
 * @param statementTimeout longest statement run by the application's queries (every driver); migrations,
 *     JobRunr's own statements and COPY are not limited by it. A guard against runaway statements, not a
 *     latency target: 25 s cancelled a legitimate one-million-row bulk statement on a busy 2-core machine
 */
@ConfigurationProperties("tradepost.db")
record DatabaseProperties(
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("60s") Duration socketTimeout,
    @DefaultValue("50s") Duration statementTimeout) {

  DatabaseProperties {
    if (connectTimeout.toMillis() < 1 || socketTimeout.toMillis() < 1 || statementTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("tradepost.db connect-, socket- and statement-timeout must be positive");
    }
  }
}
