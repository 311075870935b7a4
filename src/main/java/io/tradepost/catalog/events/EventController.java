package io.tradepost.catalog.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tradepost.catalog.ProductIds;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.Money;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "catalog")
class EventController {

  static final String NDJSON = "application/x-ndjson";

  private final EventIntake intake;
  private final EventAuditTrail trail;
  private final DeadLetters deadLetters;
  private final EventsProperties properties;
  private final ObjectMapper json;

  EventController(EventIntake intake, EventAuditTrail trail, DeadLetters deadLetters, EventsProperties properties,
      ObjectMapper json) {
    this.intake = intake;
    this.trail = trail;
    this.deadLetters = deadLetters;
    this.properties = properties;
    this.json = json;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Accepted(String message, String productId, long sequence, Boolean duplicate) {}

  record BatchAccepted(int accepted, int duplicates, Long firstSequence, Long lastSequence) {}

  /** The JSON of one event as {@link ProductEvent#from} reads it: only {@code product_id} is required. */
  @Schema(description = "A product-update event; absent fields leave the product's values unchanged")
  record EventBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = {"string", "integer"}, pattern = ProductIds.PATTERN,
          example = "PROD-001") Object productId,
      @Schema(minLength = 1, maxLength = ProductEvent.MAX_EVENT_ID, description = "Makes a resend a duplicate",
          example = "evt-7f3a") String eventId,
      @Schema(minLength = 1, maxLength = 255, example = "Wireless Mouse") String name,
      @Schema(pattern = ProductIds.PATTERN, example = "MERCH-001") String merchantId,
      @Schema(minimum = "0", maximum = Money.MAX_DECIMAL, description = "At most two decimals", example = "49.99")
      BigDecimal price,
      @Schema(minimum = "0", example = "100") Long stock) {}

  @RequiresScope(Scope.EVENTS_WRITE)
  @PostMapping(path = "/events", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Accept a product-update event; 202 only once it is saved")
  @ApiResponse(responseCode = "202", description = "Saved; applied to the product shortly")
  @ApiResponse(responseCode = "503", description = "EVENT_QUEUE_FULL / EVENT_BACKLOG_FULL / SHUTTING_DOWN / EVENT_BROKER_UNAVAILABLE (Kafka), with Retry-After",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  @ResponseStatus(HttpStatus.ACCEPTED)
  Accepted accept(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
      schema = @Schema(implementation = EventBody.class))) @RequestBody JsonNode body) {
    var check = new InvalidInput.Check();
    var event = ProductEvent.from(body, "", check);
    invalidUnless(check);
    var saved = intake.accept(event);
    return new Accepted("Event accepted for processing", event.productId(), saved.sequence(),
        saved.duplicate() ? Boolean.TRUE : null);
  }

  /** Documents both batch bodies: springdoc keeps one of two handlers' bodies for one path and method. */
  @RequiresScope(Scope.EVENTS_WRITE)
  @PostMapping(path = "/events/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "acceptBatch",
      summary = "Accept up to 10,000 events as a JSON array or as newline-delimited JSON, all or nothing")
  @ApiResponse(responseCode = "202", description = "Saved, all of them; applied to the products shortly")
  @ApiResponse(responseCode = "503", description = "EVENT_QUEUE_FULL / EVENT_BACKLOG_FULL / SHUTTING_DOWN / EVENT_BROKER_UNAVAILABLE (Kafka), with Retry-After",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  @ResponseStatus(HttpStatus.ACCEPTED)
  BatchAccepted acceptArray(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
      @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
          array = @ArraySchema(schema = @Schema(implementation = EventBody.class), minItems = 1, maxItems = 10_000)),
      @Content(mediaType = NDJSON, schema = @Schema(type = "string", description = "One EventBody JSON object per line"),
          examples = @ExampleObject(value = "{\"product_id\":\"abc123\",\"price\":49.99,\"stock\":100}\n"
              + "{\"product_id\":\"def456\",\"event_id\":\"evt-7f3b\",\"stock\":0}\n"))})
      @RequestBody JsonNode body) {
    if (!body.isArray()) {
      throw InvalidInput.field("body", "must be a JSON array of events");
    }
    var nodes = new ArrayList<JsonNode>(body.size());
    body.forEach(nodes::add);
    return acceptAll(nodes);
  }

  @RequiresScope(Scope.EVENTS_WRITE)
  @PostMapping(path = "/events/batch", consumes = NDJSON)
  @Operation(hidden = true) // documented with acceptArray
  @ResponseStatus(HttpStatus.ACCEPTED)
  BatchAccepted acceptNdjson(@RequestBody String body) {
    var nodes = new ArrayList<JsonNode>();
    var check = new InvalidInput.Check();
    var lines = body.split("\r?\n");
    for (var line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        nodes.add(json.readTree(line));
      } catch (RuntimeException e) {
        check.add("[" + nodes.size() + "]", "is not valid JSON");
        nodes.add(null);
      }
    }
    invalidUnless(check);
    return acceptAll(nodes);
  }

  private BatchAccepted acceptAll(List<JsonNode> nodes) {
    var check = new InvalidInput.Check();
    if (nodes.isEmpty() || nodes.size() > properties.maxBatchRequest()) {
      check.add("body", "must hold 1 to " + properties.maxBatchRequest() + " events");
      invalidUnless(check);
    }
    var events = new ArrayList<ProductEvent>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      events.add(ProductEvent.from(nodes.get(i), "[" + i + "].", check));
    }
    invalidUnless(check);
    var saved = intake.acceptAll(events);
    var fresh = saved.stream().filter(s -> !s.duplicate()).mapToLong(EventTransport.Appended::sequence).toArray();
    return new BatchAccepted(fresh.length, saved.size() - fresh.length, fresh.length == 0 ? null : fresh[0],
        fresh.length == 0 ? null : fresh[fresh.length - 1]);
  }

  private void invalidUnless(InvalidInput.Check check) {
    if (check.hasErrors()) {
      intake.rejectedInvalid();
      check.done();
    }
  }

  record RecordedView(long sequence, String eventId, String name, String merchantId, BigDecimal price, Long stock,
      Instant receivedAt, Instant appliedAt) {}

  @RequiresScope(Scope.CATALOG_READ)
  @GetMapping("/products/{id}/events")
  @Operation(summary = "The product's most recent accepted events, newest first (audit trail)")
  Events events(@PathVariable String id, @RequestParam(defaultValue = "20") int limit) {
    var check = new InvalidInput.Check();
    ProductIds.check(id, "id", check);
    check.require(limit >= 1 && limit <= 100, "limit", "must be between 1 and 100");
    check.done();
    return new Events(trail.recent(id, limit).stream()
        .map(r -> new RecordedView(r.sequence(), r.eventId(), r.name(), r.merchantId(),
            r.price() == null ? null : Money.toDecimal(r.price()), r.stock(), r.receivedAt(), r.appliedAt()))
        .toList());
  }

  record Events(List<RecordedView> data) {}

  record DeadLetterView(long sequence, String productId, String eventId, String name, String merchantId,
      BigDecimal price, Long stock, Instant receivedAt, String reason, Instant failedAt) {}

  record DeadLetterList(List<DeadLetterView> data) {}

  @RequiresScope(Scope.CATALOG_READ)
  @GetMapping("/events/dead")
  @Operation(summary = "Events that could not be applied, newest first, with the reason")
  DeadLetterList dead(@RequestParam(defaultValue = "20") int limit) {
    var check = new InvalidInput.Check();
    check.require(limit >= 1 && limit <= 100, "limit", "must be between 1 and 100");
    check.done();
    return new DeadLetterList(deadLetters.newest(limit).stream()
        .map(d -> new DeadLetterView(d.sequence(), d.productId(), d.eventId(), d.name(), d.merchantId(),
            d.price() == null ? null : Money.toDecimal(d.price()), d.stock(), d.receivedAt(), d.reason(),
            d.failedAt()))
        .toList());
  }
}
