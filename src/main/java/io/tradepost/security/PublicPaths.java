package io.tradepost.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What anyone may call without a key: health, probes and the API documentation. Their handlers that
 * Tradepost owns say so too ({@code @RequiresScope(Scope.PUBLIC)}); a test checks the two agree.
 */
final class PublicPaths {

  private PublicPaths() {}

  static boolean matches(HttpServletRequest request) {
    return matches(request.getRequestURI());
  }

  /** {@code path} as sent (not decoded): an escape, a dot segment or a path parameter is never public. */
  static boolean matches(String path) {
    if (path.contains("%") || path.contains("/.") || path.contains(";") || path.contains("//")) {
      return false;
    }
    return path.equals("/health") || path.equals("/actuator/health") || path.startsWith("/actuator/health/")
        || path.equals("/swagger-ui.html") || path.startsWith("/swagger-ui/")
        || path.startsWith("/v3/api-docs");
  }
}
