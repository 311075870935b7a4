package io.tradepost.platform;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem+json answer carries the request's trace id as {@code trace_id}, so a caller's report
 * leads to the request's log lines and spans. Added as the body is written, not when the problem is
 * made: a stored idempotent refusal must not keep the first request's id.
 */
@RestControllerAdvice
class ProblemTraceIds implements ResponseBodyAdvice<Object> {

  static final String PROPERTY = "trace_id";

  @Override
  public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
      Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
    if (body instanceof ProblemDetail problem && request instanceof ServletServerHttpRequest servlet) {
      addTo(problem, servlet.getServletRequest());
    }
    return body;
  }

  /** For problems written outside Spring MVC's message converters (a filter's own answer). */
  static ProblemDetail addTo(ProblemDetail problem, HttpServletRequest request) {
    if (request.getAttribute(RequestLog.TRACE_ID) instanceof String traceId && !traceId.isEmpty()) {
      problem.setProperty(PROPERTY, traceId);
    }
    return problem;
  }
}
