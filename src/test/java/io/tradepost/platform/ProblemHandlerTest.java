package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class ProblemHandlerTest {

  private final ProblemHandler handler = new ProblemHandler();

  @Test
  void noConnectionWithinThePoolTimeoutIsARetryableServiceUnavailable() {
    var timeout = new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out");
    for (var e : new Exception[] {
        new CannotCreateTransactionException("Could not open JDBC Connection for transaction", timeout),
        new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", timeout)}) {
      var response = handler.databaseUnavailable(e);

      assertThat(response.getStatusCode().value()).isEqualTo(503);
      assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
      var problem = (ProblemDetail) response.getBody();
      assertThat(problem.getProperties()).containsEntry("code", "DATABASE_UNAVAILABLE");
      assertThat(problem.getDetail()).doesNotContain("Hikari");
    }
  }
}
