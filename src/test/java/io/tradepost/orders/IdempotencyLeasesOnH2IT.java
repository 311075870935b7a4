package io.tradepost.orders;

import io.tradepost.support.OnH2;

@OnH2
class IdempotencyLeasesOnH2IT extends IdempotencyLeaseContract {}
