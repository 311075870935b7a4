package io.tradepost.catalog.events;

import io.tradepost.support.EmbeddedBroker;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@link EventDurabilityIT} with the Kafka transport: the packaged jar sends to the suite's embedded
 * broker; what it acknowledged before {@code kill -9} or SIGTERM is applied after the restart.
 */
class EventDurabilityOnKafkaIT extends EventDurabilityIT {

  /** One topic and group for both runs of a test (before and after the restart), none shared with others. */
  final String own = UUID.randomUUID().toString();

  @Override
  Map<String, String> environment() {
    var environment = new HashMap<>(ON_POSTGRES);
    environment.put("TRADEPOST_EVENTS_TRANSPORT", "kafka");
    environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", EmbeddedBroker.bootstrapServers());
    environment.put("TRADEPOST_EVENTS_KAFKA_TOPIC", "tradepost.product-events." + own);
    environment.put("TRADEPOST_EVENTS_KAFKA_GROUP", "tradepost-events-" + own);
    return environment;
  }
}
