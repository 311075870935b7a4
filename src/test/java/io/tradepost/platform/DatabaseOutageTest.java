package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;

class DatabaseOutageTest {

  @Test
  void aConnectionLostInsideAnOrderBatchIs503WithRetryAfter() throws Exception {
    // What the order desk's worker hands back when the database goes away mid-transaction.
    var lost = new DataAccessResourceFailureException("I/O error", new SQLException("An I/O error occurred", "08006"));

    var response = answer(lost);

    assertThat(response.getStatusCode().value()).isEqualTo(503);
    assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    assertThat(((ProblemDetail) response.getBody()).getProperties()).containsEntry("code", "DATABASE_UNAVAILABLE");
  }

  @Test
  void anOrderBatchWhoseRollbackFailedOnTheLostConnectionIs503() throws Exception {
    // Seen in the fault suite: the statement lost the connection, then the rollback failed on it too,
    // and TransactionTemplate threw the rollback's exception instead of the statement's.
    var rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
    rollback.initApplicationException(new DataAccessResourceFailureException("I/O error",
        new SQLException("An I/O error occurred while sending to the backend", "08006")));

    var response = answer(rollback);

    assertThat(response.getStatusCode().value()).isEqualTo(503);
    assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
  }

  @Test
  void aWrappedConnectionFailureOrStatementTimeoutIs503() throws Exception {
    assertThat(answer(new CompletionException(new RuntimeException(new SQLException("gone", "08003"))))
        .getStatusCode().value()).isEqualTo(503);
    assertThat(answer(new QueryTimeoutException("slow")).getStatusCode().value()).isEqualTo(503);
    assertThat(answer(new IllegalStateException("storage", new SQLException("canceling statement", "57014")))
        .getStatusCode().value()).isEqualTo(503);
  }

  @Test
  void aFailureOfTheRequestItselfIsNotAnOutage() {
    assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException("dup", new SQLException("dup", "23505"))))
        .isFalse();
    assertThat(DatabaseOutage.causedBy(new IllegalStateException("bug"))).isFalse();
  }

  /** The answer of the handler method Spring MVC picks for this exception. */
  private static ResponseEntity<?> answer(Exception e) throws Exception {
    var method = new ExceptionHandlerMethodResolver(ProblemHandler.class).resolveMethod(e);
    try {
      return (ResponseEntity<?>) method.invoke(new ProblemHandler(), e);
    } catch (InvocationTargetException failed) {
      throw (Exception) failed.getCause();
    }
  }
}
