package io.tradepost.settlement;

import io.tradepost.support.OnMariaDb;

@OnMariaDb
class SettlementOnMariaDbIT extends SettlementContract {

  @Override
  int largeLedgerRows() {
    return 1_000_000;
  }

  @Override
  void seedLarge(int rows, int days) {
    jdbc.sql("""
            INSERT INTO ledger_transactions (merchant_id, kind, amount, fee, occurred_at)
            SELECT CONCAT('m', MOD(seq, 50)), 'SALE', 1000 + MOD(seq, 997), 59,
                   TIMESTAMP '2025-01-01 00:00:00' + INTERVAL ((seq - 1) * 86400000000 * ? DIV ?) MICROSECOND
            FROM seq_1_to_%d""".formatted(rows))
        .params(days, rows)
        .update();
  }
}
