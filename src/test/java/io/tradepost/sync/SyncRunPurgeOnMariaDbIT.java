package io.tradepost.sync;

import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;

@RequiresDatabase(TestDatabase.MARIADB)
class SyncRunPurgeOnMariaDbIT extends SyncRunPurgeContract {

  @Override
  TestDatabase database() {
    return TestDatabase.MARIADB;
  }
}
