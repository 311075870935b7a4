package io.tradepost.security;

import io.tradepost.platform.DomainException;
import io.tradepost.platform.Scope;
import org.springframework.http.HttpStatus;

/**
 * A request refused before it reaches its route: no valid key (401), a key without the scope (403), too
 * many requests (429), a path the firewall refuses (400).
 */
final class AccessRefused extends DomainException {

  static final String HOW_TO_GET_A_KEY = "Send an API key as 'Authorization: Bearer tp_…' or 'X-API-Key'; an "
      + "operator creates one with 'java -jar tradepost.jar keys create --name NAME --scopes SCOPES'";

  private AccessRefused(HttpStatus status, String code, String detail) {
    super(status, code, detail);
  }

  /** No key, an unknown key or a wrong secret: the same answer for each, so ids cannot be probed. */
  static AccessRefused unauthenticated(boolean protectedMode) {
    return new AccessRefused(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", protectedMode
        ? "This service is in protected mode: no API key exists yet, so only loopback clients are served. "
            + HOW_TO_GET_A_KEY + " on the server, then send it"
        : "A valid API key is required. " + HOW_TO_GET_A_KEY);
  }

  static AccessRefused forKey(String code) {
    return switch (code) {
      case "KEY_REVOKED" -> new AccessRefused(HttpStatus.UNAUTHORIZED, code, "This API key has been revoked");
      case "KEY_EXPIRED" -> new AccessRefused(HttpStatus.UNAUTHORIZED, code, "This API key has expired");
      default -> unauthenticated(false);
    };
  }

  static AccessRefused insufficientScope(Scope needed) {
    return new AccessRefused(HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE",
        "This route needs an API key with the scope '" + needed.value() + "'");
  }

  static AccessRefused undeclaredScope() {
    return new AccessRefused(HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE",
        "This route declares no scope, so no key may call it");
  }

  /** A path that is not normalized ({@code /a/../b}): refused before any route is looked for. */
  static AccessRefused badPath() {
    return new AccessRefused(HttpStatus.BAD_REQUEST, "BAD_REQUEST", "The request path is not allowed");
  }

  static AccessRefused rateLimited(long retryAfterSeconds) {
    return new AccessRefused(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
        "Too many requests; retry in " + retryAfterSeconds + " s");
  }
}
