package io.tradepost.catalog.events;

import java.time.Instant;
import java.util.List;

/**
 * Where accepted events go before they are applied: the {@code product_events} inbox table
 * ({@link EventInbox}, the default) or a Kafka topic keyed by product id ({@link KafkaEventTopic}),
 * chosen by {@code tradepost.events.transport}. {@link EventIntake} group-commits into it and answers
 * 202 only once {@link #append} returned.
 */
interface EventTransport {

  /** An appended event's sequence; {@code duplicate} when its event_id had been appended before. */
  record Appended(long sequence, boolean duplicate) {}

  /**
   * Stores the events durably, all or (on failure) none, and returns, per event, its sequence. An event
   * whose {@code event_id} was seen before is not stored again and gets the first one's sequence.
   */
  List<Appended> append(List<ProductEvent> events, Instant now);

  /** Accepted events not applied yet, by every instance. */
  long backlog();
}
