package io.tradepost.catalog;

import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;

@RequiresDatabase(TestDatabase.H2)
class StockReservationsOnH2IT extends StockReservationsContract {}
