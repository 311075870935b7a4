package io.tradepost.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates each request from memory ({@link KeyRing}) and takes it from its token bucket. A
 * valid key becomes the request's {@link KeyAuthentication}; a refused one is remembered for the
 * entry point (which answers 401 with the reason, unless the route is public); with no key, loopback
 * callers get every scope while no key exists (protected mode) and are not rate limited. Requests
 * without a valid key are limited per client address, failed authentications included.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

  static final String REFUSAL = ApiKeyFilter.class.getName() + ".refusal";
  private static final String BEARER = "bearer ";

  private final KeyRing ring;
  private final RateLimits limits;
  private final SecurityProperties properties;
  private final Rate defaultRate;
  private final Rate perAddress;
  private final ProblemResponses problems;
  private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

  ApiKeyFilter(KeyRing ring, RateLimits limits, SecurityProperties properties, ProblemResponses problems) {
    this.ring = ring;
    this.limits = limits;
    this.properties = properties;
    this.defaultRate = properties.defaultRate();
    this.perAddress = properties.perAddress();
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var address = request.getRemoteAddr();
    var presented = presentedKey(request);
    if (presented == null) {
      if (protectedMode() && loopback(address)) {
        authenticate(request, KeyAuthentication.local(address));
      } else if (!PublicPaths.matches(request) && !withinAddressLimit(address, response)) {
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    var check = ring.check(presented);
    if (check instanceof KeyRing.Check.Refused refused) {
      if (!withinAddressLimit(address, response)) {
        return;
      }
      request.setAttribute(REFUSAL, refused.code());
      chain.doFilter(request, response);
      return;
    }
    var key = ((KeyRing.Check.Valid) check).key();
    var rate = key.rate() == null ? defaultRate : key.rate();
    var decision = limits.forKey(key.id(), rate);
    response.setHeader("RateLimit-Policy", "\"key\";q=" + rate.burst() + ";w=" + windowSeconds(rate));
    response.setHeader("RateLimit", "\"key\";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
    if (!decision.allowed()) {
      refuse(response, decision);
      return;
    }
    authenticate(request, KeyAuthentication.of(key, address));
    chain.doFilter(request, response);
  }

  /** Whether keys are not (yet) required of loopback callers. */
  boolean protectedMode() {
    return properties.mode() == SecurityProperties.Mode.AUTO && !ring.keysExist();
  }

  private void authenticate(HttpServletRequest request, KeyAuthentication authentication) {
    contexts.setContext(new SecurityContextImpl(authentication));
    authentication.caller().bindTo(request);
  }

  private boolean withinAddressLimit(String address, HttpServletResponse response) throws IOException {
    var decision = limits.forAddress(address, perAddress);
    if (!decision.allowed()) {
      refuse(response, decision);
    }
    return decision.allowed();
  }

  private void refuse(HttpServletResponse response, RateDecision decision) throws IOException {
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
    problems.write(response, AccessRefused.rateLimited(decision.retryAfterSeconds()));
  }

  private static long windowSeconds(Rate rate) {
    return Math.max(1, (long) Math.ceil(rate.burst() / rate.perSecond()));
  }

  /** {@code Authorization: Bearer <key>}, else {@code X-API-Key: <key>}; null when neither is sent. */
  private static String presentedKey(HttpServletRequest request) {
    var authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.length() > BEARER.length()
        && authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return authorization.substring(BEARER.length()).trim();
    }
    if (authorization != null) {
      return authorization;
    }
    return request.getHeader("X-API-Key");
  }

  static boolean loopback(String address) {
    return address != null && (address.startsWith("127.") || address.equals("::1")
        || address.equals("0:0:0:0:0:0:0:1") || address.startsWith("::ffff:127."));
  }
}
