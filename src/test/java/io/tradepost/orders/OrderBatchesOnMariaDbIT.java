package io.tradepost.orders;

import io.tradepost.support.OnMariaDb;

@OnMariaDb
class OrderBatchesOnMariaDbIT extends OrderBatchContract {}
