package io.tradepost.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id ({@code X-Request-Id}, taken from the caller when it is sane), puts it
 * in the MDC so every log line of the request carries it, echoes it, and writes one access-log line.
 */
class RequestLog extends OncePerRequestFilter {

  static final String HEADER = "X-Request-Id";
  static final String MDC_KEY = "request_id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Logger access = LoggerFactory.getLogger("io.tradepost.access");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var offered = request.getHeader(HEADER);
    var id = offered != null && SANE.matcher(offered).matches() ? offered : newId();
    long start = System.nanoTime();
    MDC.put(MDC_KEY, id);
    response.setHeader(HEADER, id);
    try {
      chain.doFilter(request, response);
    } finally {
      if (access.isInfoEnabled()) {
        var query = request.getQueryString();
        access.info("{} {}{} {} {}ms", request.getMethod(), request.getRequestURI(),
            query == null ? "" : "?" + query, response.getStatus(), (System.nanoTime() - start) / 1_000_000);
      }
      MDC.remove(MDC_KEY);
    }
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
