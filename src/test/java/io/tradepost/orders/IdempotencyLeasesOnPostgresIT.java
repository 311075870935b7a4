package io.tradepost.orders;

import io.tradepost.support.OnPostgres;

@OnPostgres
class IdempotencyLeasesOnPostgresIT extends IdempotencyLeaseContract {}
