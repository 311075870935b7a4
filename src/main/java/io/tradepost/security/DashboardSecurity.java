package io.tradepost.security;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/**
 * The filter chain of the operators' dashboard ({@code /ops}), ahead of the API's: a browser signs in
 * once ({@link DashboardSession}), and its buttons carry Spring Security's CSRF token, kept in a cookie
 * of its own, so that no instance holds a session. The JSON API keeps its stateless chain, without
 * cookies or CSRF. The scope of each dashboard route is checked as the API's are ({@link ScopeCheck}).
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurity {

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  SecurityFilterChain dashboard(HttpSecurity http, KeyRing ring, RateLimits limits, SecurityProperties properties)
      throws Exception {
    var tokens = new CookieCsrfTokenRepository();
    tokens.setCookieName("tradepost_ops_csrf");
    tokens.setCookieCustomizer(cookie -> cookie.path("/ops").sameSite("Strict").httpOnly(true));
    http.securityMatcher("/ops", "/ops/**")
        .csrf(csrf -> csrf.csrfTokenRepository(tokens))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .anonymous(anonymous -> anonymous.disable())
        .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(new DashboardSession(ring, limits, properties), AuthorizationFilter.class)
        .authorizeHttpRequests(requests -> requests
            .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
            .requestMatchers(DashboardSession.SIGN_IN, "/ops/assets/**").permitAll()
            .anyRequest().authenticated())
        .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
          // Pages send the browser to the sign-in form; htmx and the event stream get a status they can act on.
          if (request.getHeader("HX-Request") != null || "/ops/stream".equals(request.getRequestURI())) {
            response.setHeader("HX-Redirect", DashboardSession.SIGN_IN);
            response.sendError(HttpStatus.UNAUTHORIZED.value());
          } else {
            response.sendRedirect(DashboardSession.SIGN_IN);
          }
        }));
    return http.build();
  }
}
