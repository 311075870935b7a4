package io.tradepost.catalog.events;

import io.tradepost.platform.SqlDialect;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The transactions that write the inbox and its queue, alike for appenders, appliers and the purge. */
final class InboxTransactions {

  private InboxTransactions() {}

  static TransactionTemplate of(PlatformTransactionManager transactions, SqlDialect dialect) {
    var transaction = new TransactionTemplate(transactions);
    if (dialect == SqlDialect.MARIADB) {
      // InnoDB's default (repeatable read) locks the gaps next to the pending rows an applier claims,
      // and the next intake insert into such a gap deadlocks with it. Read committed locks rows only.
      transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
    }
    return transaction;
  }

  /** For statements that must commit on their own, even when called inside a transaction. */
  static TransactionTemplate outside(PlatformTransactionManager transactions) {
    var outside = new TransactionTemplate(transactions);
    outside.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
    return outside;
  }
}
