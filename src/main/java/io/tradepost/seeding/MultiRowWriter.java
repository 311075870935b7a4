package io.tradepost.seeding;

import io.tradepost.platform.MultiRowInsert;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Large multi-row inserts, one transaction per chunk, for databases without a bulk-load protocol we use. */
final class MultiRowWriter implements TableWriter {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  MultiRowWriter(JdbcClient jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  @Override
  public long write(SeedTable table) {
    var insert = new MultiRowInsert(table.name(), table.columns().toArray(String[]::new));
    long written = 0;
    for (int chunk = 0; chunk < table.chunks(); chunk++) {
      var rows = table.chunk(chunk);
      Integer inserted = transactions.execute(status -> insert.insert(jdbc, rows));
      written += inserted == null ? 0 : inserted;
    }
    return written;
  }
}
