package io.tradepost.security;

import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.platform.Scope;
import io.tradepost.support.Http;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Access control over HTTP, on a database of its own (keys exist here from the start, so protected
 * mode is over and the other tests' loopback contexts are not touched).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tradepost.db.url=jdbc:h2:mem:security-it;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
    "tradepost.security.address-rate=100000/s",
    "tradepost.sync.sources.jsonplaceholder.enabled=false",
    "tradepost.sync.sources.pokeapi.enabled=false",
    "tradepost.sync.sources.openweather.enabled=false"})
class SecurityIT {

  @LocalServerPort
  int port;
  @Autowired
  KeyRegistry registry;
  @Autowired
  KeyRing ring;
  @Autowired
  ScopeCheck scopes;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  Http http;

  @BeforeEach
  void connect() {
    http = new Http(port);
  }

  record Route(RequestMethod method, String path, String contentType, Scope scope) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  @Test
  void everyRouteDeclaresAScopeAndAnswersByIt() {
    var routes = routes();
    assertThat(routes).extracting(Route::toString).contains("GET /health", "GET /metrics", "POST /orders",
        "GET /api/v1/events/dead", "POST /api/v1/keys", "GET /api/v1/audit", "GET /posts/{id}");
    var admin = key(Set.of(Scope.ADMIN), null);
    var revoked = key(Set.of(Scope.ADMIN), null);
    registry.revoke(id(revoked));
    var expired = key(Set.of(Scope.ADMIN), null);
    jdbc.sql("UPDATE api_keys SET expires_at = TIMESTAMP '2020-01-01 00:00:00' WHERE id = ?").param(id(expired)).update();
    ring.refresh();

    for (var route : routes) {
      if (route.scope() == Scope.PUBLIC) {
        assertThat(send(route, null).status).as(route + " is public").isNotIn(401, 403);
        continue;
      }
      var anonymous = send(route, null);
      assertThat(anonymous.status).as(route + " without a key").isEqualTo(401);
      assertThat(anonymous.json().get("code").asString()).isEqualTo("UNAUTHENTICATED");
      assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(anonymous.contentType()).startsWith("application/problem+json");

      var other = route.scope() == Scope.CATALOG_READ ? Scope.ANALYTICS_READ : Scope.CATALOG_READ;
      var wrong = send(route, key(Set.of(other), null));
      assertThat(wrong.status).as(route + " with " + other.value()).isEqualTo(403);
      assertThat(wrong.json().get("code").asString()).isEqualTo("INSUFFICIENT_SCOPE");
      assertThat(wrong.json().get("detail").asString()).contains(route.scope().value());

      var right = route.scope() == Scope.ADMIN ? admin : key(Set.of(route.scope()), null);
      assertThat(send(route, right).status).as(route + " with " + route.scope().value()).isNotIn(401, 403);
      assertThat(send(route, revoked).json().get("code").asString()).as(route + " revoked").isEqualTo("KEY_REVOKED");
      assertThat(send(route, expired).json().get("code").asString()).as(route + " expired").isEqualTo("KEY_EXPIRED");
    }
  }

  @Test
  void anUnknownKeyAndAWrongSecretGetTheSameAnswer() {
    var key = key(Set.of(Scope.ADMIN), null);
    var wrongSecret = key.substring(0, key.lastIndexOf('_') + 1) + "x".repeat(43);
    var unknownId = "tp_zzzzzzzz_" + "x".repeat(43);
    for (var presented : List.of(wrongSecret, unknownId, "not-a-key")) {
      var response = http.send(http.request("/api/v1/products").header("Authorization", "Bearer " + presented).GET().build());
      assertThat(response.status).isEqualTo(401);
      assertThat(response.json().get("code").asString()).isEqualTo("UNAUTHENTICATED");
    }
    var viaHeader = http.send(http.request("/api/v1/products").header("X-API-Key", key).GET().build());
    assertThat(viaHeader.status).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql("SELECT last_used_at FROM api_keys WHERE id = ?")
        .param(id(key)).query((rs, row) -> rs.getObject(1) != null).single());
  }

  @Test
  void noTableHoldsASecret() {
    var admin = key(Set.of(Scope.ADMIN), null);
    var created = http.send(http.request("/api/v1/keys").header("Authorization", "Bearer " + admin)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"shop\",\"scopes\":[\"catalog:write\"],\"rate\":\"50/s\"}"))
        .build());
    assertThat(created.status).isEqualTo(201);
    var shopKey = created.json().get("key").asString();
    assertThat(http.send(withKey(shopKey, "/api/v1/products/secret-probe")
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(product("Probe", "m-1", "1.00", 1))).build()).status).isEqualTo(201);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE resource_id = 'secret-probe'").query(Long.class).single() == 1);

    var tables = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC' AND table_type = 'BASE TABLE'")
        .query(String.class).list();
    assertThat(tables).contains("API_KEYS", "AUDIT_EVENTS");
    for (var secretKey : List.of(admin, shopKey)) {
      var secret = secretKey.substring(secretKey.lastIndexOf('_') + 1);
      for (var table : tables) {
        var rows = jdbc.sql("SELECT * FROM \"" + table + "\"").query((rs, row) -> {
          var values = new StringBuilder();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            values.append(rs.getString(i)).append('|');
          }
          return values.toString();
        }).list();
        assertThat(rows).as(table).noneMatch(row -> row.contains(secret));
      }
    }
  }

  @Test
  void twoKeysUsingOneIdempotencyKeyGetTwoOrdersAndEachReplaysItsOwn() {
    var admin = key(Set.of(Scope.ADMIN), null);
    http.send(withKey(admin, "/api/v1/products/idem-scoped").header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(product("Idem", "m-1", "5.00", 10))).build());
    var first = key(Set.of(Scope.ORDERS_WRITE), null);
    var second = key(Set.of(Scope.ORDERS_WRITE), null);

    var a = placeOrder(first, "same-key");
    var b = placeOrder(second, "same-key");
    var again = placeOrder(first, "same-key");

    assertThat(a.status).isEqualTo(201);
    assertThat(b.status).isEqualTo(201);
    assertThat(b.json().get("id").asString()).isNotEqualTo(a.json().get("id").asString());
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.json().get("id").asString()).isEqualTo(a.json().get("id").asString());
    assertThat(jdbc.sql("SELECT stock FROM products WHERE id = 'idem-scoped'").query(Long.class).single()).isEqualTo(8);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        http.send(withKey(admin, "/api/v1/audit?key=" + id(first)).GET().build()).json().get("data"))
        .anySatisfy(record -> {
          assertThat(record.get("route").asString()).isEqualTo("/orders");
          assertThat(record.get("resource_id").asString()).isEqualTo(a.json().get("id").asString());
          assertThat(record.get("address").asString()).isEqualTo("127.0.0.1");
          assertThat(record.get("status").asInt()).isEqualTo(201);
        }));
  }

  @Test
  void aKeyOverItsRateGets429WithRetryAfter() {
    var limited = key(Set.of(Scope.CATALOG_READ), Rate.parse("5/s", 0));

    long started = System.nanoTime();
    var responses = IntStream.range(0, 30)
        .mapToObj(i -> http.sendAsync(withKey(limited, "/api/v1/products").GET().build()))
        .toList().stream().map(CompletableFuture::join).toList();

    double seconds = (System.nanoTime() - started) / 1e9;
    var allowed = responses.stream().filter(r -> r.status == 200).count();
    var refused = responses.stream().filter(r -> r.status == 429).toList();
    assertThat(allowed).as("5/s with a burst of 5, in %.2f s", seconds).isBetween(5L, 5 + (long) Math.ceil(seconds * 5));
    assertThat(refused).isNotEmpty();
    assertThat(refused).hasSize(30 - (int) allowed).allSatisfy(r -> {
      assertThat(r.header("Retry-After")).isEqualTo("1");
      assertThat(r.json().get("code").asString()).isEqualTo("RATE_LIMITED");
      assertThat(r.contentType()).startsWith("application/problem+json");
    });
    assertThat(responses.get(0).header("RateLimit-Policy")).isEqualTo("\"key\";q=5;w=1");
    assertThat(responses.get(0).header("RateLimit")).startsWith("\"key\";r=");
  }

  @Test
  void apiResponsesAreNotCachedNorSniffedAndTheDocumentNamesEachScope() {
    var key = key(Set.of(Scope.CATALOG_READ), null);
    var response = http.send(withKey(key, "/api/v1/products").GET().build());
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.header("Cache-Control")).contains("no-store");
    assertThat(http.send(http.request("/api/v1/products").header("Origin", "https://elsewhere.example")
        .GET().build()).header("Access-Control-Allow-Origin")).isNull();

    var api = http.get("/v3/api-docs");
    assertThat(api.status).isEqualTo(200);
    var placeOrder = api.json().get("paths").get("/orders").get("post");
    assertThat(placeOrder.get("security").get(0).get("bearer")).isEmpty();
    assertThat(placeOrder.get("description").asString()).endsWith("Needs an API key with scope `orders:write`.");
    assertThat(placeOrder.get("x-required-scope").asString()).isEqualTo("orders:write");
    assertThat(api.json().get("paths").get("/health").get("get").get("security")).isEmpty();
    assertThat(api.json().get("components").get("securitySchemes").get("bearer").get("scheme").asString()).isEqualTo("bearer");
    assertThat(http.get("/actuator/health/liveness").status).isEqualTo(200);
    assertThat(http.get("/actuator/prometheus").status).isEqualTo(401);
    assertThat(http.send(withKey(key(Set.of(Scope.OPS_READ), null), "/actuator/prometheus").GET().build()).status).isEqualTo(200);
  }

  private Http.Response placeOrder(String key, String idempotencyKey) {
    return http.send(withKey(key, "/orders").header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
        .POST(HttpRequest.BodyPublishers.ofString(order("idem-scoped", 1, "buyer"))).build());
  }

  /** Every route of the handler mappings, with the scope it declares; library routes must be public by path. */
  private List<Route> routes() {
    var routes = new ArrayList<Route>();
    var undeclared = new ArrayList<String>();
    mappings.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
      var ours = handler.getBeanType().getName().startsWith("io.tradepost.");
      var scope = scopes.declared(handler);
      var consumes = info.getConsumesCondition().getConsumableMediaTypes();
      for (var pattern : info.getPatternValues()) {
        if (!ours) {
          assertThat(PublicPaths.matches(pattern) || pattern.equals("/error")).as(pattern + " of " + handler).isTrue();
          continue;
        }
        if (scope.isEmpty()) {
          undeclared.add(pattern);
          continue;
        }
        if (pattern.startsWith("/ops")) {
          continue; // the dashboard's pages: signed in by cookie, refused by redirect (ops.OpsDashboardIT)
        }
        for (var method : info.getMethodsCondition().getMethods()) {
          routes.add(new Route(method, pattern, consumes.isEmpty() ? "application/json" : consumes.iterator().next().toString(),
              scope.get()));
        }
      }
    });
    assertThat(undeclared).as("routes without @RequiresScope").isEmpty();
    routes.forEach(route -> assertThat(PublicPaths.matches(route.path()))
        .as(route + " is public by path exactly when it declares Scope.PUBLIC").isEqualTo(route.scope() == Scope.PUBLIC));
    return routes;
  }

  private Http.Response send(Route route, String key) {
    var path = route.path().replace("{file}", "probe.csv").replaceAll("\\{[^}]+}", "probe");
    var builder = http.request(path);
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    var body = route.contentType().contains("ndjson") ? "{}\n" : "{}";
    var request = switch (route.method()) {
      case GET -> builder.GET();
      case DELETE -> builder.DELETE();
      default -> builder.header("Content-Type", route.contentType())
          .method(route.method().name(), HttpRequest.BodyPublishers.ofString(body));
    };
    return http.send(request.build());
  }

  private HttpRequest.Builder withKey(String key, String path) {
    return http.request(path).header("Authorization", "Bearer " + key);
  }

  private String key(Set<Scope> scopes, Rate rate) {
    var created = registry.create(new KeyRegistry.NewKey("test", scopes, rate, null));
    ring.refresh();
    return created.secretKey();
  }

  private static String id(String key) {
    return KeySecrets.parse(key).orElseThrow().id();
  }
}
