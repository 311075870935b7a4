package io.tradepost.support;

import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One embedded KRaft Kafka broker for the whole test run, started on first use, listening on
 * localhost only, stopped when the JVM exits. Spring Kafka's own test broker: a real broker, in process.
 */
public final class EmbeddedBroker {

  private static EmbeddedKafkaKraftBroker broker;

  private EmbeddedBroker() {}

  /** The broker's bootstrap address, {@code localhost:port}; starts it on the first call. */
  public static synchronized String bootstrapServers() {
    if (broker == null) {
      var started = new EmbeddedKafkaKraftBroker(1, 4);
      started.brokerProperty("auto.create.topics.enable", "false");
      started.afterPropertiesSet();
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "embedded-kafka-stop"));
      broker = started;
    }
    return broker.getBrokersAsString();
  }

  /**
   * Points the application at the shared broker, on a topic and consumer group of its own: two test
   * contexts (one per database) must never apply each other's events.
   */
  public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      var own = UUID.randomUUID().toString();
      TestPropertyValues.of(
          "spring.kafka.bootstrap-servers=" + bootstrapServers(),
          "tradepost.events.kafka.topic=tradepost.product-events." + own,
          "tradepost.events.kafka.group=tradepost-events-" + own,
          "tradepost.events.kafka.partitions=4").applyTo(context);
    }
  }
}
