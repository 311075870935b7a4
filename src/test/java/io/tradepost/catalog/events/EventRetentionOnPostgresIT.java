package io.tradepost.catalog;

import io.tradepost.support.OnPostgres;

@OnPostgres
class EventRetentionOnPostgresIT extends EventRetentionContract {}
