package io.tradepost.catalog.events;

import io.tradepost.support.OnH2;

@OnH2
class EventRetentionOnH2IT extends EventRetentionContract {}
