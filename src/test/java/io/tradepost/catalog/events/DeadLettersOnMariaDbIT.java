package io.tradepost.catalog.events;

import io.tradepost.support.OnMariaDb;

@OnMariaDb
class DeadLettersOnMariaDbIT extends DeadLettersContract {}
