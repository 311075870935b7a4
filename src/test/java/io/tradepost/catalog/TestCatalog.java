package io.tradepost.catalog;

import io.tradepost.catalog.cache.ReadCaches;
import io.tradepost.support.MigratedDatabase;
import java.time.Clock;

/** The catalog's API built by hand on a migrated database, for other modules' persistence tests. */
public final class TestCatalog {

  private TestCatalog() {}

  public static StockReservations stockReservations(MigratedDatabase db) {
    return new StockReservations(db.jdbc, db.template, Clock.systemUTC(), ReadCaches.ofOneInstance());
  }
}
