package io.tradepost.catalog.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.RetryLater;
import io.tradepost.platform.SqlDialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * The Kafka transport: accepted events are sent to the topic keyed by product id (so a product's
 * events stay in one partition), with {@code acks=all} and an idempotent producer, and each counts as
 * saved only once the broker acknowledged it. Sequences still come from the database
 * ({@link EventSequences}), so a product's later event always has the higher one, across instances
 * and across a change of transport. A broker that does not acknowledge in {@code send-timeout} is
 * answered 503 + Retry-After. Built by {@link KafkaTransportConfig}.
 */
class KafkaEventTopic implements EventTransport {

  private static final Logger log = LoggerFactory.getLogger(KafkaEventTopic.class);

  private final KafkaTemplate<String, byte[]> producer;
  private final Admin admin;
  private final EventSequences sequences;
  private final KafkaEventsProperties kafka;
  private final ObjectMapper json;
  private final TransactionTemplate transaction;
  private final MeterRegistry meters;
  private volatile List<TopicPartition> partitions = List.of();
  private volatile long lastBacklog;

  KafkaEventTopic(KafkaTemplate<String, byte[]> producer, Admin admin, EventSequences sequences,
      KafkaEventsProperties kafka, ObjectMapper json, PlatformTransactionManager transactions, SqlDialect dialect,
      MeterRegistry meters) {
    this.producer = producer;
    this.admin = admin;
    this.sequences = sequences;
    this.kafka = kafka;
    this.json = json;
    this.transaction = InboxTransactions.of(transactions, dialect);
    this.meters = meters;
  }

  /** An event as it travels on the topic: its sequence and when it was accepted travel with it. */
  record Message(long seq, String productId, String eventId, String name, String merchantId, Long price, Long stock,
      Instant receivedAt) {

    InboxEvent toInboxEvent() {
      return new InboxEvent(seq, productId, name, merchantId, price, stock, DbTime.toDb(receivedAt));
    }
  }

  /**
   * Sends the events and waits for the broker's acknowledgement of each (a batch request): all of them
   * acknowledged, or 503.
   */
  @Override
  public List<Appended> append(List<ProductEvent> events, Instant now) {
    var sent = send(events, now);
    // delivery.timeout.ms bounds each send; the margin only covers the callbacks' own delay.
    long deadline = System.nanoTime() + kafka.sendTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
    var appended = new ArrayList<Appended>(sent.size());
    try {
      for (var event : sent) {
        appended.add(event.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RetryLater retry ? retry : unavailable();
    } catch (TimeoutException e) {
      log.warn("The broker did not acknowledge a batch of {} events in time; the request gets 503", events.size());
      throw unavailable();
    }
    return appended;
  }

  /**
   * Sends the group's new events, keyed by product id, and returns without waiting: each event's future
   * completes when the broker acknowledged it, or fails with a 503 when it did not. The intake's writer
   * thus sends the next group while this one is on its way; the producer keeps the order of the sends
   * within a partition (idempotence), so a product's events reach the topic in sequence order. An
   * event_id already applied is answered as a duplicate here; one sent but not yet applied is dropped
   * when it is applied (docs/kafka.md).
   */
  @Override
  public List<CompletableFuture<Appended>> send(List<ProductEvent> events, Instant now) {
    boolean anyEventId = events.stream().anyMatch(e -> e.eventId() != null);
    Map<String, Long> known = anyEventId ? transaction.execute(status -> sequences.knownEventIds(events)) : Map.of();
    var fresh = new FreshEvents(events, known);
    var toSend = fresh.toStore();
    if (toSend.isEmpty()) {
      return fresh.appendedWhen(0, List.of());
    }
    long first = sequences.allocate(toSend.size());
    var acknowledged = new ArrayList<CompletableFuture<?>>(toSend.size());
    var firstFailure = new AtomicReference<Throwable>();
    for (int i = 0; i < toSend.size(); i++) {
      var e = toSend.get(i);
      var message = new Message(first + i, e.productId(), e.eventId(), e.name(), e.merchantId(), e.price(),
          e.stock(), now);
      acknowledged.add(produce(e.productId(), json.writeValueAsBytes(message)).exceptionally(failure -> {
        firstFailure.compareAndSet(null, failure);
        meters.counter("tradepost.events.rejected", "reason", "broker_unavailable").increment();
        throw unavailable();
      }));
    }
    CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).exceptionally(ignored -> {
      log.warn("The broker did not acknowledge {} of {} events; their requests get 503: {}",
          acknowledged.stream().filter(CompletableFuture::isCompletedExceptionally).count(), toSend.size(),
          NestedExceptionUtils.getMostSpecificCause(firstFailure.get()).toString());
      return null;
    });
    return fresh.appendedWhen(first, acknowledged);
  }

  /** A send that could not even start (no metadata or buffer space within max.block.ms) fails like a late one. */
  private CompletableFuture<?> produce(String productId, byte[] message) {
    try {
      return producer.send(kafka.topic(), productId, message);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static RetryLater unavailable() {
    return RetryLater.of("EVENT_BROKER_UNAVAILABLE",
        "The event broker did not acknowledge the events in time; retry shortly", 5);
  }

  /**
   * The consumer group's lag over the topic: events acknowledged but not applied (and committed) yet.
   * While the broker cannot be asked, the last known value.
   */
  @Override
  public long backlog() {
    long timeout = kafka.adminTimeout().toMillis();
    try {
      if (partitions.isEmpty()) {
        var topic = admin.describeTopics(List.of(kafka.topic())).allTopicNames().get(timeout, TimeUnit.MILLISECONDS)
            .get(kafka.topic());
        partitions = topic.partitions().stream().map(p -> new TopicPartition(kafka.topic(), p.partition())).toList();
      }
      var committed = admin.listConsumerGroupOffsets(kafka.group()).partitionsToOffsetAndMetadata()
          .get(timeout, TimeUnit.MILLISECONDS);
      var latest = new HashMap<TopicPartition, OffsetSpec>();
      partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get(timeout, TimeUnit.MILLISECONDS);
      long lag = 0;
      for (var partition : partitions) {
        var done = committed.get(partition);
        lag += ends.get(partition).offset() - (done == null ? 0 : done.offset());
      }
      lastBacklog = Math.max(0, lag);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.debug("Consumer lag unknown, keeping {}: {}", lastBacklog, e.toString());
    }
    return lastBacklog;
  }
}
