package io.tradepost.catalog.events;

import io.tradepost.platform.DbTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.BatchMessageListener;
import tools.jackson.databind.ObjectMapper;

/**
 * The listener of every consumer of the group: applies each polled batch in one database transaction
 * ({@link DeliveredEvents}). It returns only after that transaction committed, and only then does the
 * container commit the batch's offsets; a failure is thrown back to the container, which waits
 * (doubling up to 5 s) and delivers the same batch again, for as long as it takes. When the database
 * refuses the batch for what an event holds, the batch is applied again at once, isolating the events
 * that fail into the dead letters, so such an event never holds up its partition.
 */
class KafkaEventApplier implements BatchMessageListener<String, byte[]> {

  private static final Logger log = LoggerFactory.getLogger(KafkaEventApplier.class);

  private final DeliveredEvents delivered;
  private final EventIntake intake;
  private final ApplyMeters meters;
  private final ObjectMapper json;
  private final Clock clock;

  KafkaEventApplier(DeliveredEvents delivered, EventIntake intake, ApplyMeters meters, ObjectMapper json,
      Clock clock) {
    this.delivered = delivered;
    this.intake = intake;
    this.meters = meters;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void onMessage(List<ConsumerRecord<String, byte[]>> records) {
    var messages = new ArrayList<KafkaEventTopic.Message>(records.size());
    for (var record : records) {
      try {
        messages.add(json.readValue(record.value(), KafkaEventTopic.Message.class));
      } catch (RuntimeException e) {
        // Not written by Tradepost: nothing in it can be applied or set aside, and it must not stop the partition.
        log.error("Skipped an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
            e.toString());
      }
    }
    if (messages.isEmpty()) {
      return;
    }
    ProductUpdates.Applied applied;
    try {
      try {
        applied = delivered.apply(messages, DbTime.now(clock), false);
      } catch (DataIntegrityViolationException refused) {
        meters.failed();
        log.warn("A batch of {} delivered events was refused, applying it event by event: {}", messages.size(),
            NestedExceptionUtils.getMostSpecificCause(refused).toString());
        applied = delivered.apply(messages, DbTime.now(clock), true);
      }
    } catch (RuntimeException e) {
      meters.failed();
      throw e;
    }
    intake.applied(applied.events());
    meters.applied(applied.events(), applied.receivedAt(), applied.dead(), DbTime.now(clock));
  }
}
