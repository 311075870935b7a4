package io.tradepost.catalog.events;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where accepted events go before they are applied: the {@code product_events} inbox table
 * ({@link EventInbox}, the default) or a Kafka topic keyed by product id ({@link KafkaEventTopic}),
 * chosen by {@code tradepost.events.transport}. {@link EventIntake} group-commits into it and answers
 * 202 only once the event is stored: {@link #append} returned, or the event's future of {@link #send}
 * completed.
 */
interface EventTransport {

  /** An appended event's sequence; {@code duplicate} when its event_id had been appended before. */
  record Appended(long sequence, boolean duplicate) {}

  /**
   * Stores the events durably, all or (on failure) none, and returns, per event, its sequence. An event
   * whose {@code event_id} was seen before is not stored again and gets the first one's sequence.
   */
  List<Appended> append(List<ProductEvent> events, Instant now);

  /**
   * Starts storing the events and returns, per event, a future of its {@link Appended} that completes once
   * that event is stored durably, or fails (a {@link io.tradepost.platform.RetryLater} when the store cannot
   * take it now). What fails the whole group before anything is stored is thrown. Each event stands on its
   * own: one may be stored while another of the group fails. By default {@link #append}, which stores them
   * all before it returns.
   */
  default List<CompletableFuture<Appended>> send(List<ProductEvent> events, Instant now) {
    return append(events, now).stream().map(CompletableFuture::completedFuture).toList();
  }

  /** Accepted events not applied yet, by every instance. */
  long backlog();
}
