package io.tradepost.sync;

import io.tradepost.support.OnMariaDb;

@OnMariaDb
class ItemSyncOnMariaDbIT extends ItemSyncContract {}
