package io.tradepost.catalog.events;

import io.tradepost.support.OnPostgres;

@OnPostgres
class DeadLettersOnPostgresIT extends DeadLettersContract {}
