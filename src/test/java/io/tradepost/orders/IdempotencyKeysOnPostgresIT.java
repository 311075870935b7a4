package io.tradepost.orders;

import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class IdempotencyKeysOnPostgresIT extends IdempotencyKeysContract {}
