package io.tradepost.sync;

import io.tradepost.support.OnH2;

@OnH2
class ItemSyncOnH2IT extends ItemSyncContract {}
