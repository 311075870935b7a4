package io.tradepost.sync;

import java.util.List;
import java.util.Optional;

/**
 * An external API that records are pulled from; one implementation per API. A source declares itself:
 * its name, the other names routes accept for it and its settings. Guards, schedule, routes and status
 * are built from the list of sources (in {@code @Order}), so a new source is a new class and, when it
 * needs settings, a block under {@code tradepost.sync.sources.<name>}.
 */
interface ExternalSource {

  /** The source's name in routes, configuration and the items table ({@code pokeapi}). */
  String name();

  /** Other names routes accept for the source ({@code api_source} values of seed 001), lower case. */
  default List<String> aliases() {
    return List.of();
  }

  /** The source's settings: {@code tradepost.sync.sources.<name>.*}. */
  SyncProperties.Source settings();

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
