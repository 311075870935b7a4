package io.tradepost.ledger;

import io.tradepost.support.MigratedDatabase;

/** The ledger built by hand on a migrated database, for other modules' persistence tests. */
public final class TestLedger {

  private TestLedger() {}

  /** With a fee of 2.5 % + 0.30 per sale. */
  public static Ledger of(MigratedDatabase db) {
    return new Ledger(db.jdbc, new FeePolicy(250, 30));
  }
}
