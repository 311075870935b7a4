package io.tradepost.catalog.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.tradepost.catalog.cache.ProductReadCache;
import io.tradepost.platform.SqlDialect;
import java.time.Clock;
import java.util.HashMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.ObjectMapper;

/**
 * The Kafka event transport, built only with {@code tradepost.events.transport=kafka}: in the default
 * inbox mode no Kafka client, thread or connection exists. Client settings start from Spring Boot's
 * {@code spring.kafka.*}; the ones the transport's guarantees rest on are fixed here (docs/kafka.md).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tradepost.events.transport", havingValue = "kafka")
class KafkaTransportConfig {

  /** About a few hundred events on the topic (one is ~150 bytes of JSON and ~70 of record overhead). */
  private static final int FETCH_MIN_BYTES = 64 * 1024;

  /** Created by Spring Kafka's admin at start if absent; an existing topic is left as it is. */
  @Bean
  NewTopic productEventsTopic(KafkaEventsProperties kafka) {
    return TopicBuilder.name(kafka.topic()).partitions(kafka.partitions()).replicas(kafka.replicas()).build();
  }

  @Bean(destroyMethod = "destroy")
  DefaultKafkaProducerFactory<String, byte[]> productEventsProducer(KafkaProperties boot, KafkaEventsProperties kafka) {
    var config = new HashMap<>(boot.buildProducerProperties());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    // 202 means every in-sync replica has it, and a retried send is never written twice.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Bounded waits: a broker away or a full buffer is a 503 within these, never a hanging request.
    long deliveryTimeout = kafka.sendTimeout().toMillis();
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, deliveryTimeout - 100));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, kafka.maxBlock().toMillis());
    // The intake already groups what waits, and sends the next group while one is on its way (up to
    // max.in.flight.requests.per.connection, 5, requests per broker; more wait in the producer's batches):
    // lingering on top only delays each 202.
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
    return new DefaultKafkaProducerFactory<>(config);
  }

  @Bean
  KafkaTemplate<String, byte[]> productEventsTemplate(DefaultKafkaProducerFactory<String, byte[]> producer) {
    return new KafkaTemplate<>(producer);
  }

  @Bean(destroyMethod = "close")
  Admin productEventsAdmin(KafkaProperties boot, KafkaEventsProperties kafka) {
    var config = new HashMap<>(boot.buildAdminProperties());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.adminTimeout().toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafka.adminTimeout().toMillis());
    return Admin.create(config);
  }

  @Bean
  KafkaEventTopic kafkaEventTopic(KafkaTemplate<String, byte[]> producer, Admin admin, EventSequences sequences,
      KafkaEventsProperties kafka, ObjectMapper json, PlatformTransactionManager transactions, SqlDialect dialect,
      MeterRegistry meters) {
    return new KafkaEventTopic(producer, admin, sequences, kafka, json, transactions, dialect, meters);
  }

  @Bean
  DeliveredEvents deliveredEvents(JdbcClient jdbc, DataSource dataSource, SqlDialect dialect,
      PlatformTransactionManager transactions, EventSequences sequences, ProductUpdates updates,
      ProductReadCache cache) {
    return new DeliveredEvents(jdbc, dataSource, dialect, transactions, sequences, updates, cache);
  }

  /**
   * {@code appliers} consumers of the group in this instance, each applying what it polls in one
   * transaction; offsets are committed after the listener returned, that is after the database commit.
   */
  @Bean
  ConcurrentMessageListenerContainer<String, byte[]> productEventsConsumers(KafkaProperties boot,
      KafkaEventsProperties kafka, EventsProperties events, DeliveredEvents delivered, EventIntake intake,
      ApplyMeters meters, ObjectMapper json, Clock clock) {
    var config = new HashMap<>(boot.buildConsumerProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.group());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, events.maxBatch());
    // Like the inbox appliers' apply-pause: the broker holds a fetch until it has a fair share of a batch
    // or apply-pause passed, so a trickle of events is applied in a few transactions rather than one each
    // (every one a commit, and a fetch for the broker to serve).
    config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) events.applyPause().toMillis());
    config.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
    var consumers = new DefaultKafkaConsumerFactory<String, byte[]>(config);

    var container = new ContainerProperties(kafka.topic());
    container.setAckMode(ContainerProperties.AckMode.BATCH);
    container.setMessageListener(new KafkaEventApplier(delivered, intake, meters, json, clock));
    var listeners = new ConcurrentMessageListenerContainer<>(consumers, container);
    listeners.setConcurrency(Math.max(1, events.appliers()));
    listeners.setAutoStartup(events.appliers() > 0);
    // A batch that fails (the database away, a lock timeout) is delivered again after a wait, forever:
    // nothing is skipped. Events the database refuses never get here; they go to the dead letters.
    var backOff = new ExponentialBackOff(50, 2);
    backOff.setMaxInterval(5_000);
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    listeners.setCommonErrorHandler(new DefaultErrorHandler(backOff));
    return listeners;
  }
}
