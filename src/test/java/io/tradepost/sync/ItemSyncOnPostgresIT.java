package io.tradepost.sync;

import io.tradepost.support.OnPostgres;

@OnPostgres
class ItemSyncOnPostgresIT extends ItemSyncContract {}
