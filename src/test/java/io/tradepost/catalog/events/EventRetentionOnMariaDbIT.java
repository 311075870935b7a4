package io.tradepost.catalog;

import io.tradepost.support.OnMariaDb;

@OnMariaDb
class EventRetentionOnMariaDbIT extends EventRetentionContract {}
