package io.tradepost.settlement;

import io.tradepost.support.OnPostgres;

@OnPostgres
class SettlementOnPostgresIT extends SettlementContract {

  @Override
  int largeLedgerRows() {
    return 3_000_000;
  }

  @Override
  void seedLarge(int rows, int days) {
    jdbc.sql("""
            INSERT INTO ledger_transactions (merchant_id, kind, amount, fee, occurred_at)
            SELECT 'm' || (x % 50), 'SALE', 1000 + x % 997, 59,
                   TIMESTAMP '2025-01-01 00:00:00' + (x - 1) * (INTERVAL '1 day' * ? / ?)
            FROM generate_series(1, ?) AS x""")
        .params(days, rows, rows)
        .update();
    jdbc.sql("ANALYZE ledger_transactions").update();
  }
}
