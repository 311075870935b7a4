package io.tradepost.catalog.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A group of events split into the ones to store and the repeats of an {@code event_id} seen before
 * (stored earlier, or earlier in the same group), which every transport answers the same way.
 */
final class FreshEvents {

  private final List<ProductEvent> events;
  private final Map<String, Long> known;
  /** Each event's place among the ones to store, or -1 when its event_id was seen before. */
  private final int[] place;
  private final Map<String, Integer> placeOf = new HashMap<>();
  private final List<ProductEvent> fresh = new ArrayList<>();

  /** {@code known}: the sequences of the group's event_ids that were stored before. */
  FreshEvents(List<ProductEvent> events, Map<String, Long> known) {
    this.events = events;
    this.known = known;
    this.place = new int[events.size()];
    for (int i = 0; i < events.size(); i++) {
      var eventId = events.get(i).eventId();
      if (eventId != null && (known.containsKey(eventId) || placeOf.containsKey(eventId))) {
        place[i] = -1;
      } else {
        place[i] = fresh.size();
        fresh.add(events.get(i));
        if (eventId != null) {
          placeOf.put(eventId, place[i]);
        }
      }
    }
  }

  /** The events to store, in the group's order; they get consecutive sequences. */
  List<ProductEvent> toStore() {
    return fresh;
  }

  /** Per event of the group, its sequence, when the ones to store got {@code first} onwards. */
  List<EventTransport.Appended> appended(long first) {
    var appended = new ArrayList<EventTransport.Appended>(events.size());
    for (int i = 0; i < events.size(); i++) {
      var eventId = events.get(i).eventId();
      if (place[i] >= 0) {
        appended.add(new EventTransport.Appended(first + place[i], false));
      } else {
        appended.add(new EventTransport.Appended(
            known.containsKey(eventId) ? known.get(eventId) : first + placeOf.get(eventId), true));
      }
    }
    return appended;
  }

  /**
   * Per event of the group, its {@link #appended} once {@code stored} (per event to store, in the order of
   * {@link #toStore}) completed for it, or for the first of its event_id in the group; at once when its
   * event_id was stored before.
   */
  List<CompletableFuture<EventTransport.Appended>> appendedWhen(long first, List<? extends CompletableFuture<?>> stored) {
    var appended = appended(first);
    var when = new ArrayList<CompletableFuture<EventTransport.Appended>>(events.size());
    for (int i = 0; i < events.size(); i++) {
      var eventId = events.get(i).eventId();
      int storedAt = place[i] >= 0 ? place[i] : known.containsKey(eventId) ? -1 : placeOf.get(eventId);
      var answer = appended.get(i);
      when.add(storedAt < 0 ? CompletableFuture.completedFuture(answer) : stored.get(storedAt).thenApply(ack -> answer));
    }
    return when;
  }
}
