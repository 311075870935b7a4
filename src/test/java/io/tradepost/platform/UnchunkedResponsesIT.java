package io.tradepost.platform;

import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** JSON answers, including the ones built as a ResponseEntity, carry their length instead of being chunked. */
@OnH2
class UnchunkedResponsesIT {

  @LocalServerPort
  int port;

  Http http;

  @BeforeEach
  void connect() {
    http = new Http(port);
  }

  @Test
  void createdAcceptedAndRefusedAnswersCarryTheirLength() {
    var id = "len-" + UUID.randomUUID();
    var created = http.put("/api/v1/products/" + id, product("Cup", "m1", "3.00", 1));
    var accepted = http.post("/api/v1/events", "{\"product_id\":\"" + id + "\",\"price\":3.50}");
    var ordered = http.post("/orders", order(id, 1, "b1"));
    var refused = http.post("/orders", order(id, 5, "b1"));

    assertThat(created.status).isEqualTo(201);
    assertThat(accepted.status).isEqualTo(202);
    assertThat(ordered.status).isEqualTo(201);
    assertThat(refused.status).isEqualTo(409);
    for (var response : new Http.Response[] {created, accepted, ordered, refused}) {
      assertThat(response.header("Transfer-Encoding")).as(response.toString()).isNull();
      assertThat(response.header("Content-Length")).as(response.toString())
          .isEqualTo(Integer.toString(response.body.getBytes(StandardCharsets.UTF_8).length));
    }
  }
}
