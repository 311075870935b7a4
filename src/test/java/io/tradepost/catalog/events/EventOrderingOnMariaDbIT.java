package io.tradepost.catalog;

import io.tradepost.support.OnMariaDb;

@OnMariaDb
class EventOrderingOnMariaDbIT extends EventOrderingContract {}
