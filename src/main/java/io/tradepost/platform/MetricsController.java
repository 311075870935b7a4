package io.tradepost.platform;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /metrics}: Prometheus text, where seed 002's users scraped it. */
@RestController
@Tag(name = "platform")
class MetricsController {

  private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4;charset=utf-8");
  private final PrometheusMeterRegistry registry;

  MetricsController(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @RequiresScope(Scope.OPS_READ)
  @GetMapping("/metrics")
  @Operation(summary = "Prometheus metrics (tradepost_*, HTTP, JVM, connection pool)")
  @ApiResponse(responseCode = "200", description = "Prometheus text format 0.0.4", content = @Content(
      mediaType = "text/plain", schema = @Schema(type = "string"),
      examples = @ExampleObject(value = "tradepost_events_accepted_total 42.0\n")))
  ResponseEntity<String> metrics() {
    return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(registry.scrape());
  }
}
