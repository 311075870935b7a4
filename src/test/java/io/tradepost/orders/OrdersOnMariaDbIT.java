package io.tradepost.orders;

import io.tradepost.support.OnMariaDb;

@OnMariaDb
class OrdersOnMariaDbIT extends OrderContract {}
