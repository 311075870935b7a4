package io.tradepost.catalog.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka event transport's settings ({@code tradepost.events.kafka.*}), used only with
 * {@code tradepost.events.transport=kafka}. The broker and any other client setting come from Spring
 * Boot's {@code spring.kafka.*} (SPRING_KAFKA_BOOTSTRAP_SERVERS); docs/kafka.md lists which ones the
 * transport fixes.
 *
 * @param topic the topic of product events, keyed by product id; created if absent (TRADEPOST_EVENTS_KAFKA_TOPIC)
 * @param partitions partitions of a topic created here; a product's events stay in one partition only while
 *     this does not change (TRADEPOST_EVENTS_KAFKA_PARTITIONS)
 * @param replicas replication factor of a topic created here (TRADEPOST_EVENTS_KAFKA_REPLICAS)
 * @param group the consumer group that applies the events; every instance joins it (TRADEPOST_EVENTS_KAFKA_GROUP)
 * @param sendTimeout how long a send may wait for the broker's acknowledgement before the request gets 503
 *     (the producer's delivery.timeout.ms; TRADEPOST_EVENTS_KAFKA_SEND_TIMEOUT)
 * @param maxBlock how long a send may wait for topic metadata or buffer space (max.block.ms)
 * @param adminTimeout bound of the consumer-lag queries behind the backlog
 */
@ConfigurationProperties("tradepost.events.kafka")
record KafkaEventsProperties(
    @DefaultValue("tradepost.product-events") String topic,
    @DefaultValue("12") int partitions,
    @DefaultValue("1") short replicas,
    @DefaultValue("tradepost-events") String group,
    @DefaultValue("5s") Duration sendTimeout,
    @DefaultValue("1s") Duration maxBlock,
    @DefaultValue("2s") Duration adminTimeout) {

  KafkaEventsProperties {
    if (topic.isBlank() || group.isBlank() || partitions < 1 || replicas < 1 || sendTimeout.toMillis() < 1_000
        || maxBlock.isNegative() || adminTimeout.isNegative() || adminTimeout.isZero()) {
      throw new IllegalArgumentException("tradepost.events.kafka: topic and group must be set, partitions and"
          + " replicas positive, send-timeout at least 1s");
    }
  }
}
