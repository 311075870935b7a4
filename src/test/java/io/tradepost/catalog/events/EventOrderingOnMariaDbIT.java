package io.tradepost.catalog.events;

import io.tradepost.support.OnMariaDb;

@OnMariaDb
class EventOrderingOnMariaDbIT extends EventOrderingContract {}
