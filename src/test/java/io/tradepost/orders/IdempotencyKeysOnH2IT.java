package io.tradepost.orders;

import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;

@RequiresDatabase(TestDatabase.H2)
class IdempotencyKeysOnH2IT extends IdempotencyKeysContract {}
