package io.tradepost.catalog;

import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class StockReservationsOnPostgresIT extends StockReservationsContract {}
