package io.tradepost.settlement;

import io.tradepost.support.OnH2;

@OnH2
class SettlementOnH2IT extends SettlementContract {

  @Override
  int largeLedgerRows() {
    return 2_000_000;
  }

  @Override
  void seedLarge(int rows, int days) {
    jdbc.sql("""
            INSERT INTO ledger_transactions (merchant_id, kind, amount, fee, occurred_at)
            SELECT CONCAT('m', MOD(X, 50)), 'SALE', 1000 + MOD(X, 997), 59,
                   DATEADD(MICROSECOND, (X - 1) * (86400000000 * ?) / ?, TIMESTAMP '2025-01-01 00:00:00')
            FROM SYSTEM_RANGE(1, ?)""")
        .params(days, rows, rows)
        .update();
  }
}
