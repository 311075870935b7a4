package io.tradepost.sync;

/** What started a sync run. */
public enum SyncTrigger {
  STARTUP,
  SCHEDULED,
  MANUAL
}
