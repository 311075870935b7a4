package io.tradepost.platform;

import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every kind of bad request gets the right 4xx problem+json with a stable code, and writes nothing. */
@OnH2
class BadInputIT {

  static final String PRODUCT = "bad-input-product";

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  Http http;

  @BeforeEach
  void setUp() {
    // Every request here breaks the contract on purpose: only the answers are checked against it.
    http = new Http(port).sendingInvalidRequests();
    http.put("/api/v1/products/" + PRODUCT, product("Lamp", "m-1", "9.99", 5));
  }

  static Stream<Arguments> badOrders() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"product_id\":", 400, "MALFORMED_JSON", null),
        Arguments.of("empty body", "", 400, "MALFORMED_JSON", null),
        Arguments.of("two JSON values", order(PRODUCT, 1, "b") + " " + order(PRODUCT, 1, "b"), 400, "MALFORMED_JSON", null),
        Arguments.of("JSON array", "[1,2]", 400, "VALIDATION_FAILED", null),
        Arguments.of("missing fields", "{}", 400, "VALIDATION_FAILED", "quantity"),
        Arguments.of("quantity 0", order(PRODUCT, 0, "b"), 400, "VALIDATION_FAILED", "quantity"),
        Arguments.of("quantity -1", order(PRODUCT, -1, "b"), 400, "VALIDATION_FAILED", "quantity"),
        Arguments.of("quantity 10^12", order(PRODUCT, 1_000_000_000_000L, "b"), 400, "VALIDATION_FAILED", "quantity"),
        Arguments.of("quantity 10^30",
            "{\"product_id\":\"" + PRODUCT + "\",\"quantity\":1000000000000000000000000000000,\"buyer_id\":\"b\"}",
            400, "VALIDATION_FAILED", "quantity"),
        Arguments.of("quantity \"two\"", "{\"product_id\":\"" + PRODUCT + "\",\"quantity\":\"two\",\"buyer_id\":\"b\"}",
            400, "VALIDATION_FAILED", "quantity"),
        Arguments.of("quantity 1.5", "{\"product_id\":\"" + PRODUCT + "\",\"quantity\":1.5,\"buyer_id\":\"b\"}",
            400, "VALIDATION_FAILED", "quantity"),
        Arguments.of("product_id true", "{\"product_id\":true,\"quantity\":1,\"buyer_id\":\"b\"}",
            400, "VALIDATION_FAILED", "product_id"),
        Arguments.of("5,000-char product id", order("p".repeat(5_000), 1, "b"), 400, "VALIDATION_FAILED", "product_id"),
        Arguments.of("missing buyer", "{\"product_id\":\"" + PRODUCT + "\",\"quantity\":1}", 400, "VALIDATION_FAILED",
            "buyer_id"),
        Arguments.of("unknown product", order("no-such-product", 1, "b"), 404, "NOT_FOUND", null),
        Arguments.of("unknown integer product", "{\"product_id\":404404,\"quantity\":1,\"buyer_id\":\"b\"}", 404,
            "NOT_FOUND", null),
        Arguments.of("more than the stock", order(PRODUCT, 6, "b"), 409, "OUT_OF_STOCK", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badOrders")
  void aBadOrderIsRefusedWithAProblemAndWritesNothing(String name, String body, int status, String code, String field) {
    var before = state();

    var response = http.post("/orders", body);

    assertProblem(response, status, code);
    if (field != null) {
      assertThat(response.json().get("errors").findValuesAsString("field")).contains(field);
    }
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() {
    var before = state();
    var huge = "{\"buyer_id\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";

    assertProblem(http.post("/orders", huge), 413, "PAYLOAD_TOO_LARGE");
    var chunked = http.request("/orders").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes())))
        .build();
    assertProblem(http.send(chunked), 413, "PAYLOAD_TOO_LARGE");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void aWrongContentTypeIsRefusedWith415() {
    var request = http.request("/orders").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(order(PRODUCT, 1, "b"))).build();
    assertProblem(http.send(request), 415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void anOverlongIdempotencyKeyIsRefused() {
    var before = state();
    assertProblem(http.post("/orders", order(PRODUCT, 1, "b"), "Idempotency-Key", "k".repeat(256)), 400,
        "VALIDATION_FAILED");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void unknownRoutesWrongMethodsAndBadParametersAreProblems() {
    assertProblem(http.get("/no/such/route"), 404, "NOT_FOUND");
    assertProblem(http.send(http.request("/orders").DELETE().build()), 405, "METHOD_NOT_ALLOWED");
    assertProblem(http.get("/orders?limit=0"), 400, "VALIDATION_FAILED");
    assertProblem(http.get("/orders?limit=101"), 400, "VALIDATION_FAILED");
    assertProblem(http.get("/orders?limit=abc"), 400, "VALIDATION_FAILED");
    assertProblem(http.get("/orders?offset=-1"), 400, "VALIDATION_FAILED");
    assertProblem(http.get("/orders?status=SHIPPED"), 400, "VALIDATION_FAILED");
    assertProblem(http.get("/orders/not-an-order-id"), 400, "VALIDATION_FAILED");
    assertProblem(http.get("/orders/00000000-0000-0000-0000-000000000000"), 404, "NOT_FOUND");
    assertProblem(http.post("/orders/00000000-0000-0000-0000-000000000000/cancel", ""), 404, "NOT_FOUND");
    assertProblem(http.get("/api/v1/products/no-such-product"), 404, "NOT_FOUND");
    assertProblem(http.get("/api/v1/products/bad%20id"), 400, "VALIDATION_FAILED");
    assertProblem(http.get("/api/v1/analytics/orders/status?days=0"), 400, "VALIDATION_FAILED");
    assertProblem(http.get("/api/v1/analytics/orders/status?days=367"), 400, "VALIDATION_FAILED");
    assertProblem(http.get("/api/v1/analytics/customers/top?limit=101"), 400, "VALIDATION_FAILED");
  }

  @Test
  void badProductsAreRefusedAndPricesAreNeverRounded() {
    assertProblem(http.put("/api/v1/products/" + PRODUCT, product("Lamp", "m-1", "9.999", 5)), 400,
        "VALIDATION_FAILED");
    assertProblem(http.put("/api/v1/products/" + PRODUCT, product("Lamp", "m-1", "-1", 5)), 400,
        "VALIDATION_FAILED");
    assertProblem(http.put("/api/v1/products/" + PRODUCT, product("Lamp", "m-1", "1", -5)), 400,
        "VALIDATION_FAILED");
    assertProblem(http.put("/api/v1/products/" + PRODUCT, "{\"name\":\"Lamp\"}"), 400, "VALIDATION_FAILED");
    var product = http.get("/api/v1/products/" + PRODUCT).json();
    assertThat(product.get("price").decimalValue()).isEqualByComparingTo("9.99");
    assertThat(product.get("stock").asLong()).isEqualTo(5);
  }

  @Test
  void theRequestIdIsEchoedOrGenerated() {
    var echoed = http.send(http.request("/health").header("X-Request-Id", "trace-123").GET().build());
    assertThat(echoed.header("X-Request-Id")).isEqualTo("trace-123");
    assertThat(http.get("/health").header("X-Request-Id")).isNotBlank();
    var hostile = http.send(http.request("/health").header("X-Request-Id", "a b<script>").GET().build());
    assertThat(hostile.header("X-Request-Id")).isNotEqualTo("a b<script>").isNotBlank();
  }

  private static void assertProblem(Http.Response response, int status, String code) {
    assertThat(response.status).as(response.body).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    var json = response.json();
    assertThat(json.get("code").asString()).isEqualTo(code);
    assertThat(json.get("status").asInt()).isEqualTo(status);
    assertThat(json.hasNonNull("type")).isTrue();
    assertThat(json.hasNonNull("title")).isTrue();
  }

  private String state() {
    return jdbc.sql("SELECT (SELECT COUNT(*) FROM orders) || '/' || (SELECT stock FROM products WHERE id = ?)"
            + " || '/' || (SELECT COUNT(*) FROM ledger_transactions) || '/' || (SELECT COUNT(*) FROM idempotency_keys)")
        .param(PRODUCT)
        .query(String.class)
        .single();
  }
}
