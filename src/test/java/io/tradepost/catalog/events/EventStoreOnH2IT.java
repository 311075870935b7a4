package io.tradepost.catalog.events;

import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;

@RequiresDatabase(TestDatabase.H2)
class EventStoreOnH2IT extends EventStoreContract {}
