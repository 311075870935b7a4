package io.tradepost.sync;

import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class SyncRunPurgeOnPostgresIT extends SyncRunPurgeContract {

  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRESQL;
  }
}
