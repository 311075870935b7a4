package io.tradepost.security;

import io.tradepost.platform.Scope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs a browser in to {@code /ops} and authenticates its requests. The sign-in form posts an API key;
 * a key that grants {@code ops:read} is kept in an HttpOnly, SameSite=Strict cookie limited to
 * {@code /ops}, and every request checks it against the key ring again, so a revoked key is refused on
 * every instance within the ring's refresh and no session state lives on any one instance. In
 * protected mode loopback browsers need no sign-in, as loopback API callers need no key.
 */
final class DashboardSession extends OncePerRequestFilter {

  static final String COOKIE = "tradepost_ops";
  static final String SIGN_IN = "/ops/sign-in";
  static final String SIGN_OUT = "/ops/sign-out";

  private final KeyRing ring;
  private final RateLimits limits;
  private final SecurityProperties properties;

  DashboardSession(KeyRing ring, RateLimits limits, SecurityProperties properties) {
    this.ring = ring;
    this.limits = limits;
    this.properties = properties;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean post = "POST".equals(request.getMethod());
    if (post && SIGN_IN.equals(request.getRequestURI())) {
      signIn(request, response);
      return;
    }
    if (post && SIGN_OUT.equals(request.getRequestURI())) {
      response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, "").maxAge(0).build().toString());
      response.sendRedirect(SIGN_IN);
      return;
    }
    if (!post && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
      // Loads (and sets the cookie of) the token now, before a page or a stream commits the response.
      token.getToken();
    }
    var address = request.getRemoteAddr();
    var secret = cookieValue(request);
    var check = secret == null ? null : ring.check(secret);
    if (check instanceof KeyRing.Check.Valid valid) {
      authenticate(request, KeyAuthentication.of(valid.key(), address));
    } else if (check != null) {
      // Revoked or expired since the sign-in: the browser forgets it and is sent to the form.
      response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, "").maxAge(0).build().toString());
    } else if (properties.mode() == SecurityProperties.Mode.AUTO && !ring.keysExist()
        && ApiKeyFilter.loopback(address)) {
      authenticate(request, KeyAuthentication.local(address));
    }
    chain.doFilter(request, response);
  }

  private void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
    // Guessing keys through the form costs what guessing them through the API does.
    if (!limits.forAddress(request.getRemoteAddr(), properties.perAddress()).allowed()) {
      response.sendRedirect(SIGN_IN + "?refused=RATE_LIMITED");
      return;
    }
    var presented = request.getParameter("key");
    var check = presented == null || presented.isBlank() ? KeyRing.UNAUTHENTICATED : ring.check(presented.trim());
    if (check instanceof KeyRing.Check.Refused refused) {
      response.sendRedirect(SIGN_IN + "?refused=" + refused.code());
      return;
    }
    if (!((KeyRing.Check.Valid) check).key().grants(Scope.OPS_READ)) {
      response.sendRedirect(SIGN_IN + "?refused=INSUFFICIENT_SCOPE");
      return;
    }
    response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, presented.trim()).build().toString());
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader(HttpHeaders.LOCATION, "/ops");
  }

  /** A browser-session cookie: gone when the browser closes, never readable by scripts, never sent cross-site. */
  private static ResponseCookie.ResponseCookieBuilder cookie(HttpServletRequest request, String value) {
    return ResponseCookie.from(COOKIE, value).path("/ops").httpOnly(true).sameSite("Strict").secure(request.isSecure());
  }

  private static String cookieValue(HttpServletRequest request) {
    return request.getCookies() == null ? null : Arrays.stream(request.getCookies())
        .filter(c -> COOKIE.equals(c.getName())).map(Cookie::getValue).filter(v -> !v.isBlank()).findFirst()
        .orElse(null);
  }

  private static void authenticate(HttpServletRequest request, KeyAuthentication authentication) {
    SecurityContextHolder.getContextHolderStrategy().setContext(new SecurityContextImpl(authentication));
    authentication.caller().bindTo(request);
  }
}
