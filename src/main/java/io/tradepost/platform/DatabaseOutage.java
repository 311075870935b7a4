package io.tradepost.platform;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of the database itself (unreachable, hung, restarting, too slow) from a failure of
 * the request. Such failures reach the API from many places (a transaction, the order desk's workers,
 * JobRunr's storage, a batch of events) and wrapped in many ways, so the whole cause chain is read.
 * Found when a 30 s cut answered one order 500: its batch's rollback failed on the lost connection.
 */
public final class DatabaseOutage {

  private DatabaseOutage() {}

  /** Whether {@code failure} was caused by the database being unreachable, hung or too slow. */
  public static boolean causedBy(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataAccessResourceFailureException // includes CannotGetJdbcConnectionException
          || cause instanceof QueryTimeoutException
          || cause instanceof TransientDataAccessResourceException
          || cause instanceof CannotCreateTransactionException
          || cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof SQLRecoverableException
          || cause instanceof SQLTimeoutException
          || cause instanceof SQLException sql && unavailable(sql.getSQLState())) {
        return true;
      }
      // A rollback or commit that failed on the connection hides the application's exception: when a
      // statement lost the connection, the rollback fails on it too ("Connection is closed").
      if (cause instanceof TransactionSystemException tx
          && (tx.getCause() instanceof SQLException || tx.getApplicationException() != null
              && causedBy(tx.getApplicationException()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * SQLSTATE class 08 is a connection failure on every driver; 57014 is PostgreSQL's cancelled
   * statement (our statement timeout), 57P01–57P03 its shutdown and start-up.
   */
  private static boolean unavailable(String state) {
    return state != null && (state.startsWith("08") || state.equals("57014") || state.startsWith("57P0"));
  }
}
