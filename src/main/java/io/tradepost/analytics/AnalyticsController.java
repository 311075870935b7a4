package io.tradepost.analytics;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/analytics")
@Tag(name = "analytics")
class AnalyticsController {

  private final OrderReports reports;
  private final Clock clock;

  AnalyticsController(OrderReports reports, Clock clock) {
    this.reports = reports;
    this.clock = clock;
  }

  @RequiresScope(Scope.ANALYTICS_READ)
  @GetMapping("/orders/status")
  @Operation(summary = "Orders and their total per status over the last `days` days (1-366); every status listed")
  Report<OrderReports.StatusLine> byStatus(@RequestParam(defaultValue = "30") int days) {
    new InvalidInput.Check().require(days >= 1 && days <= 366, "days", "must be between 1 and 366").done();
    var now = DbTime.now(clock);
    return new Report<>(reports.byStatus(now.minus(Duration.ofDays(days))), now);
  }

  @RequiresScope(Scope.ANALYTICS_READ)
  @GetMapping("/customers/top")
  @Operation(summary = "Customers by total spend (cancelled orders excluded); `limit` 1-100")
  Report<OrderReports.CustomerLine> topCustomers(@RequestParam(defaultValue = "5") int limit) {
    new InvalidInput.Check().require(limit >= 1 && limit <= 100, "limit", "must be between 1 and 100").done();
    return new Report<>(reports.topCustomers(limit), DbTime.now(clock));
  }

  record Report<T>(List<T> data, Instant timestamp) {}
}
