package io.tradepost.security;

import io.tradepost.platform.Caller;
import io.tradepost.platform.Scope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records every acknowledged (2xx) write of a Tradepost route in the audit trail: key, address, time,
 * method, route, the id of what changed, status. Refused writes changed nothing and are not recorded.
 * Product-update events are not recorded per request: they arrive by the ten thousand a second and
 * each one is already kept, with its sequence and time, in the event trail
 * ({@code GET /api/v1/products/{id}/events}).
 */
final class AuditTrail implements HandlerInterceptor {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private final AuditWriter writer;
  private final ScopeCheck scopes;
  private final Clock clock;

  AuditTrail(AuditWriter writer, ScopeCheck scopes, Clock clock) {
    this.writer = writer;
    this.scopes = scopes;
    this.clock = clock;
  }

  @Override
  public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
      Exception ex) {
    int status = response.getStatus();
    if (status < 200 || status > 299 || READS.contains(request.getMethod())
        || !(handler instanceof HandlerMethod method) || !method.getBeanType().getName().startsWith("io.tradepost.")
        || scopes.declared(method).filter(scope -> scope == Scope.EVENTS_WRITE).isPresent()) {
      return;
    }
    var caller = Caller.current();
    var route = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
    writer.record(new AuditRecord(clock.instant(), caller.keyId(),
        fit(caller.address() == null ? request.getRemoteAddr() : caller.address(), 64), fit(request.getMethod(), 10),
        fit(route, 200), fit(resourceId(request, response), 255), status));
  }

  /** The {id} or {file} of the route, else the last segment of a created resource's Location, else ?source. */
  private static String resourceId(HttpServletRequest request, HttpServletResponse response) {
    if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
      for (var name : new String[] {"id", "file"}) {
        if (variables.get(name) instanceof String value) {
          return value;
        }
      }
    }
    var location = response.getHeader(HttpHeaders.LOCATION);
    if (location != null) {
      return location.substring(location.lastIndexOf('/') + 1);
    }
    return request.getParameter("source");
  }

  /** Cut to the column's size: a record the database refuses would be lost with its whole group. */
  private static String fit(String value, int length) {
    return value == null || value.length() <= length ? value : value.substring(0, length);
  }
}
