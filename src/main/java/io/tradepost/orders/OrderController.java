package io.tradepost.orders;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tradepost.platform.Caller;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.NotFound;
import io.tradepost.platform.Paging;
import io.tradepost.platform.Problems;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "orders")
class OrderController {

  private static final Pattern ORDER_ID = Pattern.compile("[0-9a-fA-F-]{36}");
  private final OrderDesk desk;
  private final OrderRepository orders;
  private final IdempotencyKeys idempotency;
  private final IdempotencyLeases leases;

  OrderController(OrderDesk desk, OrderRepository orders, IdempotencyKeys idempotency, IdempotencyLeases leases) {
    this.desk = desk;
    this.orders = orders;
    this.idempotency = idempotency;
    this.leases = leases;
  }

  @RequiresScope(Scope.ORDERS_WRITE)
  @PostMapping(path = {"/orders", "/api/v1/orders"}, consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Place an order; stock is taken atomically and never oversold")
  @ApiResponse(responseCode = "201", description = "Order stored as CONFIRMED",
      content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)), headers = @Header(
      name = "Idempotent-Replayed", description = "true when this is the stored answer to an earlier request with the same Idempotency-Key",
      schema = @Schema(type = "string", allowableValues = "true")))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such product",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(responseCode = "409", description = "OUT_OF_STOCK, or IDEMPOTENCY_KEY_IN_FLIGHT",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED with a different body",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  ResponseEntity<?> place(
      @RequestBody PlaceOrder.Body body,
      @Parameter(description = "Replays the first response for 24 h; scoped to the calling API key",
          schema = @Schema(maxLength = 255)) @RequestHeader(name = "Idempotency-Key", required = false) String key) {
    var command = PlaceOrder.from(body);
    if (key == null) {
      return respond(desk.place(command, null));
    }
    var outcome = idempotency.claim(IdempotencyKeys.validated(Caller.current().clientId(), key), command.fingerprint());
    if (outcome.replay() != null) {
      var stored = outcome.replay();
      return ResponseEntity.status(stored.status())
          .contentType(stored.status() < 300 ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON)
          .header("Idempotent-Replayed", "true")
          .body(stored.body());
    }
    Placed placed;
    leases.hold(outcome.claim());
    try {
      placed = desk.place(command, outcome.claim());
    } catch (RuntimeException e) {
      idempotency.release(outcome.claim());
      throw e;
    } finally {
      leases.drop(outcome.claim());
    }
    return respond(placed);
  }

  /**
   * A refusal (out of stock, no such product) is answered here rather than thrown: once stock runs
   * out it is most of the traffic, and the exception resolver costs more than the order itself.
   */
  private static ResponseEntity<?> respond(Placed placed) {
    if (placed instanceof Placed.Refused refused) {
      return ResponseEntity.status(refused.problem().status()).body(Problems.of(refused.problem()));
    }
    var order = ((Placed.Confirmed) placed).order();
    return ResponseEntity.created(URI.create("/orders/" + order.id())).body(OrderView.of(order, null));
  }

  @RequiresScope(Scope.ORDERS_READ)
  @GetMapping({"/orders/{id}", "/api/v1/orders/{id}"})
  @Operation(summary = "One order with its product embedded")
  OrderView get(@PathVariable String id) {
    return orders.findView(checkedId(id)).orElseThrow(() -> NotFound.of("order", id));
  }

  @RequiresScope(Scope.ORDERS_WRITE)
  @PostMapping({"/orders/{id}/cancel", "/api/v1/orders/{id}/cancel"})
  @Operation(summary = "Cancel a CONFIRMED order: stock goes back, a refund enters the ledger; 409 otherwise")
  @ApiResponse(responseCode = "200", description = "The cancelled order")
  @ApiResponse(responseCode = "409", description = "INVALID_STATE_TRANSITION: the order is not CONFIRMED")
  OrderView cancel(@PathVariable String id) {
    desk.cancel(checkedId(id));
    return orders.findView(id).orElseThrow();
  }

  @RequiresScope(Scope.ORDERS_READ)
  @GetMapping({"/orders", "/api/v1/orders"})
  @Operation(summary = "Orders, newest first, optionally by buyer and status")
  Page list(
      @RequestParam(defaultValue = "20") int limit,
      @RequestParam(defaultValue = "0") long offset,
      @RequestParam(name = "buyer_id", required = false) String buyerId,
      @Parameter(description = "Any case", schema = @Schema(allowableValues = {"CONFIRMED", "CANCELLED", "confirmed",
          "cancelled"})) @RequestParam(required = false) String status) {
    Paging.check(limit, offset);
    var filter = new OrderRepository.Filter(buyerId, status == null ? null : parseStatus(status));
    return new Page(orders.list(filter, limit, offset), orders.count(filter), limit, offset);
  }

  record Page(List<OrderView> data, long total, int limit, long offset) {}

  private static OrderStatus parseStatus(String status) {
    try {
      return OrderStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidInput.field("status", "must be one of " + List.of(OrderStatus.values()));
    }
  }

  private static String checkedId(String id) {
    if (!ORDER_ID.matcher(id).matches()) {
      throw InvalidInput.field("id", "must be an order id (a UUID)");
    }
    return id.toLowerCase(java.util.Locale.ROOT);
  }
}
