package io.tradepost.catalog.events;

import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class EventStoreOnPostgresIT extends EventStoreContract {}
