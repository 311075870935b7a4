package io.tradepost.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.MDC;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Gives every request an id ({@code X-Request-Id}, taken from the caller when it is sane), puts it
 * in the MDC so every log line of the request carries it, echoes it, writes one access-log line and
 * times the request as {@code http.server.requests}. It also opens the request's server span: it
 * continues the caller's W3C {@code traceparent} or starts a new trace, and while the span is in
 * scope the tracer puts {@code traceId} and {@code spanId} in the MDC.
 *
 * <p>The timer has the names and tags of Spring Boot's own ({@code method}, {@code uri} as the
 * route's pattern, {@code status}, {@code outcome}, {@code exception}), so dashboards built for Boot
 * read it. Boot's observation filter, which made it before, is turned off: per request it built an
 * observation, its context and a long-task timer, and cost as much CPU as a product lookup. For the
 * same reason the span is made here, straight from the tracer, not through an observation.
 */
class RequestLog extends OncePerRequestFilter {

  static final String HEADER = "X-Request-Id";
  static final String MDC_KEY = "request_id";
  /** Where Micrometer Tracing puts the current trace id in the MDC. */
  static final String TRACE_MDC_KEY = "traceId";
  /** The request attribute holding the request's trace id, for problem responses. */
  static final String TRACE_ID = RequestLog.class.getName() + ".traceId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  /** Any other method token is tagged UNKNOWN: a client must not be able to mint time series. */
  private static final Set<String> METHODS =
      Arrays.stream(HttpMethod.values()).map(HttpMethod::name).collect(Collectors.toUnmodifiableSet());

  private record Route(String method, String uri, int status, String exception) {}

  private final AccessLog accessLog;
  private final MeterRegistry registry;
  private final Tracer tracer;
  private final Propagator propagator;
  private final ConcurrentHashMap<Route, Timer> timers = new ConcurrentHashMap<>();

  RequestLog(AccessLog accessLog, MeterRegistry registry, Tracer tracer, Propagator propagator) {
    this.accessLog = accessLog;
    this.registry = registry;
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var offered = request.getHeader(HEADER);
    var id = offered != null && SANE.matcher(offered).matches() ? offered : newId();
    long start = System.nanoTime();
    var span = propagator.extract(request, HttpServletRequest::getHeader).kind(Span.Kind.SERVER).start();
    var traceId = span.context().traceId();
    request.setAttribute(TRACE_ID, traceId);
    MDC.put(MDC_KEY, id);
    response.setHeader(HEADER, id);
    try (var scope = tracer.withSpan(span)) {
      chain.doFilter(request, response);
    } finally {
      if (request.isAsyncStarted()) {
        // A streamed body (the settlement CSV) is written after this returns: log and time it when done.
        request.getAsyncContext().addListener(new AsyncListener() {
          @Override
          public void onComplete(AsyncEvent event) {
            finish(request, response, id, span, start);
          }

          @Override
          public void onTimeout(AsyncEvent event) {}

          @Override
          public void onError(AsyncEvent event) {}

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
      } else {
        finish(request, response, id, span, start);
      }
      MDC.remove(MDC_KEY);
    }
  }

  private void finish(HttpServletRequest request, HttpServletResponse response, String id, Span span, long start) {
    long nanos = System.nanoTime() - start;
    int status = response.getStatus();
    var route = route(request, status);
    timer(route).record(nanos, TimeUnit.NANOSECONDS);
    span.name(route.method() + " " + route.uri()).tag("http.response.status_code", status).end();
    if (accessLog.enabled()) {
      var query = request.getQueryString();
      var target = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
      accessLog.add(new AccessLog.Line(id, span.context().traceId(), request.getMethod(), target, status,
          nanos / 1_000_000));
    }
  }

  private static Route route(HttpServletRequest request, int status) {
    var method = METHODS.contains(request.getMethod()) ? request.getMethod() : "UNKNOWN";
    return new Route(method, uri(request, status), status, exception(request));
  }

  private Timer timer(Route route) {
    var timer = timers.get(route);
    return timer != null ? timer : timers.computeIfAbsent(route, this::register);
  }

  private Timer register(Route route) {
    return Timer.builder("http.server.requests")
        .description("HTTP requests served, by route and status")
        .tag("method", route.method())
        .tag("uri", route.uri())
        .tag("status", Integer.toString(route.status()))
        .tag("outcome", Outcome.forStatus(route.status()).name())
        .tag("exception", route.exception())
        .register(registry);
  }

  /** The route's pattern, never the raw path: raw paths would make a time series per product id. */
  private static String uri(HttpServletRequest request, int status) {
    if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) {
      return pattern.isEmpty() ? "root" : pattern;
    }
    if (status == 404) {
      return "NOT_FOUND";
    }
    return status >= 300 && status < 400 ? "REDIRECTION" : "UNKNOWN";
  }

  private static String exception(HttpServletRequest request) {
    return request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE) instanceof Throwable error
        ? error.getClass().getSimpleName()
        : "none";
  }

  /**
   * A random (version 4 shaped) UUID from {@link ThreadLocalRandom}: a request id needs to be unique,
   * not unguessable, and {@link UUID#randomUUID()} serialises every request on one SecureRandom lock.
   */
  static String newId() {
    var random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }
}
