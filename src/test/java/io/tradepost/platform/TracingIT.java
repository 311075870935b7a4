package io.tradepost.platform;

import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A caller's W3C {@code traceparent} is continued: its trace id is in the request's log lines and in
 * its problem answers; a request without one starts a trace of its own.
 */
@OnH2
class TracingIT {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  @LocalServerPort
  int port;

  Http http;
  AccessLines captured;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    captured = AccessLines.capture();
  }

  @AfterEach
  void tearDown() {
    captured.close();
  }

  @Test
  void aProblemAnswerAndTheAccessLineCarryTheCallersTraceId() {
    var response = http.send(http.request("/api/v1/products/untraced-nothing").header("traceparent", TRACEPARENT)
        .header("X-Request-Id", "traced-404").GET().build());

    assertThat(response.status).isEqualTo(404);
    assertThat(response.json().get("code").asString()).isEqualTo("NOT_FOUND");
    assertThat(response.json().path("trace_id").asString()).isEqualTo(TRACE_ID);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(captured.lines())
        .filteredOn(line -> "traced-404".equals(line.getMDCPropertyMap().get(RequestLog.MDC_KEY)))
        .singleElement()
        .satisfies(line -> assertThat(line.getMDCPropertyMap()).containsEntry(RequestLog.TRACE_MDC_KEY, TRACE_ID)));
  }

  @Test
  void aRefusedOrderAndABadBodyCarryTheTraceIdToo() {
    assertThat(http.put("/api/v1/products/traced-empty", product("Empty", "m-1", "1.00", 0)).status).isEqualTo(201);

    var outOfStock = http.post("/orders", order("traced-empty", 1, "b-1"), "traceparent", TRACEPARENT);
    var malformed = http.sendingInvalidRequests().post("/api/v1/events", "{\"product_id\":", "traceparent", TRACEPARENT);

    assertThat(outOfStock.status).isEqualTo(409);
    assertThat(outOfStock.json().get("code").asString()).isEqualTo("OUT_OF_STOCK");
    assertThat(outOfStock.json().path("trace_id").asString()).isEqualTo(TRACE_ID);
    assertThat(malformed.status).isEqualTo(400);
    assertThat(malformed.json().path("trace_id").asString()).isEqualTo(TRACE_ID);
  }

  @Test
  void withoutTraceparentEachRequestStartsANewTrace() {
    var first = http.get("/api/v1/products/untraced-1");
    var second = http.get("/api/v1/products/untraced-2");

    var firstId = first.json().path("trace_id").asString();
    var secondId = second.json().path("trace_id").asString();
    assertThat(firstId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32)).isNotEqualTo(TRACE_ID);
    assertThat(secondId).matches("[0-9a-f]{32}").isNotEqualTo(firstId);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(captured.lines())
        .filteredOn(line -> line.getFormattedMessage().startsWith("GET /api/v1/products/untraced-1 "))
        .singleElement()
        .satisfies(line -> assertThat(line.getMDCPropertyMap()).containsEntry(RequestLog.TRACE_MDC_KEY, firstId)));
  }
}
