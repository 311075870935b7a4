package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.OnH2;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.listener.MessageListenerContainer;

/** The default transport needs no broker: nothing of the Kafka transport exists. */
@OnH2
class InboxTransportIT {

  @Autowired
  ApplicationContext context;

  @Test
  void theDefaultTransportIsTheInboxAndNoKafkaClientIsBuilt() {
    assertThat(context.getBean(EventTransport.class)).isInstanceOf(EventInbox.class);
    assertThat(context.getBeansOfType(KafkaEventTopic.class)).isEmpty();
    assertThat(context.getBeansOfType(MessageListenerContainer.class)).isEmpty();
    assertThat(context.getBeansOfType(org.apache.kafka.clients.admin.Admin.class)).isEmpty();
  }
}
