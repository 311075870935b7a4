package io.tradepost.platform;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}: the seed services' health shape; 503 when the database does not answer or
 * settlement jobs cannot run ({@code checks.jobs}). With Redis, {@code checks.cache} is
 * {@code degraded} while Redis fails: reads then go to the database and the service stays healthy.
 */
@RestController
@Tag(name = "platform")
class HealthController {

  private static final Logger log = LoggerFactory.getLogger(HealthController.class);
  private final DataSource dataSource;
  private final ObjectProvider<HealthContributorRegistry> indicators;
  private final Clock clock;
  private final String version;

  HealthController(DataSource dataSource, ObjectProvider<HealthContributorRegistry> indicators, Clock clock) {
    this.dataSource = dataSource;
    this.indicators = indicators;
    this.clock = clock;
    var implementation = HealthController.class.getPackage().getImplementationVersion();
    this.version = implementation == null ? "dev" : implementation;
  }

  @RequiresScope(Scope.PUBLIC)
  @GetMapping("/health")
  @Operation(summary = "Service health: 200 healthy, 503 unhealthy when the database is down")
  @ApiResponse(responseCode = "200", description = "healthy")
  @ApiResponse(responseCode = "503", description = "unhealthy: the database does not answer or jobs cannot run",
      content = @Content(mediaType = "application/json", schema = @Schema(implementation = Health.class)))
  ResponseEntity<Health> health() {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("database", databaseAnswers() ? "healthy" : "unhealthy");
    indicator("jobs").ifPresent(status -> checks.put("jobs", status));
    // A broken cache degrades the service without making it unhealthy: reads go to the database.
    boolean healthy = checks.values().stream().allMatch("healthy"::equals);
    indicator("cache").ifPresent(status -> checks.put("cache", status));
    var body = new Health(healthy ? "healthy" : "unhealthy", version,
        uptime(Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime())), DbTime.now(clock), checks);
    return ResponseEntity.status(healthy ? 200 : 503).body(body);
  }

  /** {@code checks}: {@code database}, {@code jobs} and, with Redis, {@code cache}. */
  record Health(
      @Schema(allowableValues = {"healthy", "unhealthy"}) String status,
      @Schema(example = "0.1.0") String version,
      @Schema(description = "Go duration format", example = "2h15m30s") String uptime,
      Instant timestamp,
      @Schema(description = "healthy, degraded or unhealthy per check",
          example = "{\"database\": \"healthy\", \"jobs\": \"healthy\"}") Map<String, String> checks) {}

  private boolean databaseAnswers() {
    try (var connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (Exception e) {
      log.warn("Database health check failed: {}", e.toString());
      return false;
    }
  }

  /** A Boot health indicator's status as {@code healthy}, {@code degraded} or {@code unhealthy}; empty without it. */
  private Optional<String> indicator(String name) {
    var registry = indicators.getIfAvailable();
    if (registry == null || !(registry.getContributor(name) instanceof HealthIndicator indicator)) {
      return Optional.empty();
    }
    var status = indicator.health().getStatus();
    if (Status.UP.equals(status)) {
      return Optional.of("healthy");
    }
    return Optional.of(RedisCacheConfig.DEGRADED.equals(status.getCode()) ? "degraded" : "unhealthy");
  }

  /** Go's duration format, as the seed services printed it: {@code 2h15m30s}. */
  static String uptime(Duration d) {
    long s = d.toSeconds();
    return (s >= 3600 ? s / 3600 + "h" : "") + (s >= 60 ? s % 3600 / 60 + "m" : "") + s % 60 + "s";
  }
}
