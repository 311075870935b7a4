package io.tradepost;

import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.Http;
import io.tradepost.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A newcomer's first run: the jar, no configuration, an embedded database under ./data. */
class PackagedJarIT {

  @TempDir
  Path workDir;

  @Test
  void theJarStartsWithoutConfigurationAndStopsGracefully() throws Exception {
    try (var service = ServiceProcess.start(workDir, Map.of())) {
      var http = new Http(service.port);

      var health = http.get("/health").json();
      assertThat(health.get("status").asString()).isEqualTo("healthy");
      assertThat(health.get("checks").get("database").asString()).isEqualTo("healthy");
      assertThat(http.put("/api/v1/products/first", product("First", "m-1", "10.00", 3)).status).isEqualTo(201);
      var placed = http.post("/orders", order("first", 2, "newcomer"));
      assertThat(placed.status).isEqualTo(201);
      assertThat(placed.json().get("status").asString()).isEqualTo("CONFIRMED");
      assertThat(placed.json().get("total").decimalValue()).isEqualByComparingTo("20.00");
      assertThat(http.get("/metrics").body).contains("tradepost_orders_total{outcome=\"confirmed\"} 1.0");
      var api = http.get("/v3/api-docs").json();
      assertThat(api.get("paths").get("/orders").get("post").get("responses").has("409")).isTrue();
      assertThat(api.get("paths").get("/api/v1/events").get("post").get("responses").get("503").get("headers")
          .has("Retry-After")).isTrue();
      assertThat(api.get("components").get("schemas").get("Problem").get("properties").has("code")).isTrue();
      assertThat(http.get("/actuator/health/liveness").status).isEqualTo(200);
      assertThat(Files.list(workDir.resolve("data"))).isNotEmpty();

      service.terminate();
      assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).as("exits within 30 s of SIGTERM").isTrue();
      assertThat(Files.readString(service.log)).contains("Graceful shutdown");
    }
  }
}
