package io.tradepost.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.Paging;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "security")
class AuditController {

  /** A key id, or who made changes without a key ({@code local}, {@code command}). */
  private static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{1,16}");
  private final AuditLog auditLog;

  AuditController(AuditLog auditLog) {
    this.auditLog = auditLog;
  }

  record AuditPage(List<AuditRecord> data, int limit) {}

  @RequiresScope(Scope.ADMIN)
  @GetMapping("/api/v1/audit")
  @Operation(summary = "Who changed which price, stock, order, job or key, when and from where; newest first")
  AuditPage audit(@RequestParam(defaultValue = "20") int limit, @RequestParam(required = false) String since,
      @RequestParam(required = false) String key) {
    Paging.check(limit, 0);
    if (key != null && !KEY_ID.matcher(key).matches()) {
      throw InvalidInput.field("key", "must be a key id as keys list shows it");
    }
    Instant from = null;
    if (since != null) {
      try {
        from = Instant.parse(since);
      } catch (DateTimeParseException e) {
        throw InvalidInput.field("since", "must be an ISO-8601 UTC time such as 2026-01-31T12:00:00Z");
      }
    }
    return new AuditPage(auditLog.recent(limit, from, key), limit);
  }
}
