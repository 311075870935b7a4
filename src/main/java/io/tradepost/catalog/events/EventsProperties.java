package io.tradepost.catalog.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Product-event intake settings ({@code tradepost.events.*}).
 *
 * @param transport where accepted events wait to be applied: {@code inbox} (the {@code product_events} table)
 *     or {@code kafka} (a topic, see {@link KafkaEventsProperties} and docs/kafka.md) (TRADEPOST_EVENTS_TRANSPORT)
 * @param queueSize events waiting for the intake writer; beyond it, 503 (TRADEPOST_EVENTS_QUEUE_SIZE)
 * @param backlogLimit accepted but not yet applied events; beyond it, 503 (TRADEPOST_EVENTS_BACKLOG_LIMIT)
 * @param maxBatch most events written (or applied) in one transaction
 * @param maxWait how long the intake writer waits for more events to fill a batch (TRADEPOST_EVENTS_MAXWAIT);
 *     0: a batch is what queued while the previous one was being saved
 * @param writers intake writer threads
 * @param appliers applier threads per instance (with Kafka: consumers of the group per instance)
 * @param applyPause after claiming less than half a batch, how long an applier lets events gather before
 *     it claims again (TRADEPOST_EVENTS_APPLY_PAUSE); a full batch is followed by the next at once
 * @param retention how long applied events are kept for the audit trail (TRADEPOST_EVENTS_RETENTION)
 * @param maxBatchRequest most events in one {@code POST /api/v1/events/batch}
 * @param batchWriters batch requests written at once (each holds a connection); others wait their turn
 * @param backlogRefresh how often the backlog (the 503 limit's measure, and the gauge) is read from the database
 * @param purgeInterval how often applied events past {@code retention} are purged (first a minute after start)
 */
@ConfigurationProperties("tradepost.events")
record EventsProperties(
    @DefaultValue("inbox") String transport,
    @DefaultValue("10000") int queueSize,
    @DefaultValue("1000000") long backlogLimit,
    @DefaultValue("1000") int maxBatch,
    @DefaultValue("0ms") Duration maxWait,
    @DefaultValue("1") int writers,
    @DefaultValue("2") int appliers,
    @DefaultValue("20ms") Duration applyPause,
    @DefaultValue("7d") Duration retention,
    @DefaultValue("10000") int maxBatchRequest,
    @DefaultValue("4") int batchWriters,
    @DefaultValue("1s") Duration backlogRefresh,
    @DefaultValue("10m") Duration purgeInterval) {

  EventsProperties {
    if (!transport.equalsIgnoreCase("inbox") && !transport.equalsIgnoreCase("kafka")) {
      throw new IllegalArgumentException("tradepost.events.transport must be inbox or kafka, not " + transport);
    }
    if (queueSize < 1 || backlogLimit < 1 || maxBatch < 1 || writers < 1 || appliers < 0 || maxBatchRequest < 1
        || batchWriters < 1 || applyPause.isNegative() || backlogRefresh.isNegative() || backlogRefresh.isZero()
        || purgeInterval.isNegative() || purgeInterval.isZero()) {
      throw new IllegalArgumentException("tradepost.events sizes and intervals must be positive (appliers may be 0,"
          + " apply-pause not negative)");
    }
  }
}
