package io.tradepost.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Refuses query parameters, path variables and the headers a route reads ({@code @RequestHeader},
 * such as {@code Idempotency-Key}) when they hold text no database can store ({@link StorableText}):
 * 400 {@code VALIDATION_FAILED} naming the parameter, before the route runs.
 */
class StorableParameters implements HandlerInterceptor {

  private final Map<Method, List<String>> headersRead = new ConcurrentHashMap<>();

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    var check = new InvalidInput.Check();
    parameters(request).forEach((name, values) -> {
      StorableText.check(name, "query", check);
      for (var value : values) {
        StorableText.check(value, name, check);
      }
    });
    if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
      variables.forEach((name, value) -> StorableText.check(String.valueOf(value), String.valueOf(name), check));
    }
    if (handler instanceof HandlerMethod method) {
      for (var header : headersRead.computeIfAbsent(method.getMethod(), StorableParameters::headersRead)) {
        for (var value : Collections.list(request.getHeaders(header))) {
          StorableText.check(value, header, check);
        }
      }
    }
    check.done();
    return true;
  }

  /** Tomcat refuses a query with a broken %-escape or bytes that are not UTF-8 when it is first read. */
  private static Map<String, String[]> parameters(HttpServletRequest request) {
    try {
      return request.getParameterMap();
    } catch (IllegalStateException e) {
      throw InvalidInput.field("query", "must be UTF-8 with valid %-escapes");
    }
  }

  private static List<String> headersRead(Method method) {
    return Arrays.stream(method.getParameters())
        .map(p -> p.getAnnotation(RequestHeader.class))
        .filter(a -> a != null)
        .map(a -> a.name().isEmpty() ? a.value() : a.name())
        .filter(name -> !name.isEmpty())
        .toList();
  }
}
