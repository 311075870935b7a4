package io.tradepost.orders;

import io.tradepost.support.OnPostgres;

@OnPostgres
class OrderBatchesOnPostgresIT extends OrderBatchContract {}
