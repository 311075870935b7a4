package io.tradepost.platform;

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

/** Every request gets one access-log line carrying its id, and is timed by its route. */
@OnH2
class RequestLogIT {

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
  void everyRequestWritesOneAccessLineWithItsId() {
    var response = http.send(http.request("/api/v1/products/nothing-here?verbose=1").header("X-Request-Id", "trace-log-1")
        .GET().build());
    assertThat(response.status).isEqualTo(404);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(captured.lines())
        .filteredOn(line -> "trace-log-1".equals(line.getMDCPropertyMap().get(RequestLog.MDC_KEY)))
        .singleElement()
        .satisfies(line -> assertThat(line.getFormattedMessage())
            .matches("GET /api/v1/products/nothing-here\\?verbose=1 404 \\d+ms")));
  }

  @Test
  void requestsAreTimedByRouteAndStatusNotByRawPath() {
    assertThat(http.put("/api/v1/products/timed-lamp", product("Lamp", "m-1", "9.99", 5)).status).isEqualTo(201);
    assertThat(http.get("/api/v1/products/timed-lamp").status).isEqualTo(200);
    assertThat(http.get("/api/v1/products/timed-missing").status).isEqualTo(404);

    var metrics = http.get("/metrics").body;
    assertThat(metrics).contains(
        "http_server_requests_seconds_count{exception=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
            + "uri=\"/api/v1/products/{id}\"}",
        "http_server_requests_seconds_count{exception=\"NotFound\",method=\"GET\",outcome=\"CLIENT_ERROR\","
            + "status=\"404\",uri=\"/api/v1/products/{id}\"}",
        "http_server_requests_seconds_count{exception=\"none\",method=\"PUT\",outcome=\"SUCCESS\",status=\"201\","
            + "uri=\"/api/v1/products/{id}\"}");
    assertThat(metrics).doesNotContain("timed-lamp", "timed-missing");
  }
}
