package io.tradepost.catalog;

import io.tradepost.support.OnPostgres;

@OnPostgres
class EventOrderingOnPostgresIT extends EventOrderingContract {}
