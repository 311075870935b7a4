package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import io.tradepost.support.TcpProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The broker hangs or becomes unreachable, and comes back: meanwhile events are refused with 503 + Retry-After
 * (never a 202 that was not acknowledged, never a 500), and afterwards the service takes and applies
 * events again by itself. A broker of its own that advertises a {@link TcpProxy} as its address, so
 * that every connection of the service to it goes through the proxy and can be frozen or cut.
 */
@OnH2
@TestPropertySource(properties = {"tradepost.events.transport=kafka", "tradepost.events.kafka.send-timeout=2s",
    "tradepost.events.kafka.max-block=500ms", "tradepost.events.kafka.partitions=2"})
class KafkaOutageIT {

  static final TcpProxy proxy = proxy();
  static final EmbeddedKafkaKraftBroker broker = startBroker();

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void broker(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> "localhost:" + proxy.port());
    registry.add("tradepost.events.kafka.topic", () -> "tradepost.product-events.outage");
  }

  @AfterAll
  static void stopBroker() throws IOException {
    proxy.close();
    broker.destroy();
  }

  @Test
  void whileTheBrokerIsUnreachableEventsGet503AndOnceItIsBackTheServiceRecoversByItself() {
    var http = new Http(port);
    var product = "outage-" + UUID.randomUUID();
    assertThat(send(http, product, 1).status).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/v1/products/" + product).status == 200);

    // A broker that hangs: the connections stay open, but no acknowledgement comes.
    // Every event sent meanwhile is refused: none can have been acknowledged.
    proxy.freeze();
    for (int i = 0; i < 3; i++) {
      assertRefused(send(http, product, 2));
    }
    proxy.restore();
    await().atMost(Duration.ofSeconds(60)).until(() -> send(http, product, 3).status == 202);

    // A broker that is gone: connections refused.
    proxy.cut();
    for (int i = 0; i < 3; i++) {
      assertRefused(send(http, product, 4));
    }
    proxy.restore();
    await().atMost(Duration.ofSeconds(60)).until(() -> send(http, product, 5).status == 202);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(http.get("/api/v1/products/" + product).number("stock")).isEqualTo(5L));
  }

  private static void assertRefused(Http.Response refused) {
    assertThat(refused.status).as(refused.body).isEqualTo(503);
    assertThat(refused.header("Retry-After")).isNotBlank();
    assertThat(refused.json().get("code").asString()).isIn("EVENT_BROKER_UNAVAILABLE", "EVENT_QUEUE_FULL");
  }

  private static Http.Response send(Http http, String product, long stock) {
    return http.post("/api/v1/events", "{\"product_id\":\"" + product + "\",\"stock\":" + stock + "}");
  }

  private static TcpProxy proxy() {
    try {
      return TcpProxy.toBeConnected("localhost");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static EmbeddedKafkaKraftBroker startBroker() {
    var started = new EmbeddedKafkaKraftBroker(1, 2);
    started.brokerProperty("advertised.listeners", "EXTERNAL://localhost:" + proxy.port());
    started.afterPropertiesSet();
    proxy.forwardTo(Integer.parseInt(started.getBrokersAsString().replaceAll(".*:", "")));
    return started;
  }
}
