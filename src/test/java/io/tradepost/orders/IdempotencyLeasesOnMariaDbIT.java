package io.tradepost.orders;

import io.tradepost.support.OnMariaDb;

@OnMariaDb
class IdempotencyLeasesOnMariaDbIT extends IdempotencyLeaseContract {}
