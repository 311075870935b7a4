package io.tradepost.sync;

import java.util.List;
import java.util.Optional;

/** An external API that records are pulled from; one implementation per API. */
interface ExternalSource {

  /** The source's name in routes, configuration and the items table ({@code pokeapi}). */
  String name();

  /** Why the source cannot be synced as configured (a missing API key), or empty when it can. */
  Optional<String> disabledBecause();

  /**
   * Fetches every record through {@code upstream}, validating each: nothing is written here.
   *
   * @throws UpstreamFailure when the source cannot be read completely
   */
  Fetched fetch(Upstream upstream);

  /**
   * What one run fetched.
   *
   * @param records the valid records
   * @param rejects the records that failed validation
   */
  record Fetched(List<SyncRecord> records, List<SyncRecord.Reject> rejects) {

    int count() {
      return records.size() + rejects.size();
    }
  }
}
