package io.tradepost.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.tradepost.platform.Scope;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.DefaultHttpFirewall;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.ObjectMapper;

/**
 * Spring Security's filter chain, kept lean: no sessions, CSRF tokens (no cookies are used), login
 * forms or request cache. {@link ApiKeyFilter} authenticates; the chain lets public paths through and
 * sends everyone else without a valid key to the entry point (401 problem+json); {@link ScopeCheck}
 * then checks the scope the route declares, and {@link AuditTrail} records acknowledged writes.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  @Bean
  KeyRing keyRing(ApiKeys keys, KeySecrets secrets, Clock clock) {
    return new KeyRing(keys, secrets, clock);
  }

  @Bean
  KeyRegistry keyRegistry(ApiKeys keys, KeySecrets secrets, Clock clock) {
    return new KeyRegistry(keys, secrets, clock);
  }

  @Bean
  @ConditionalOnProperty(name = "tradepost.cache", havingValue = "redis")
  RedisBuckets redisBuckets(StringRedisTemplate redis) {
    return new RedisBuckets(redis);
  }

  @Bean
  RateLimits rateLimits(ObjectProvider<RedisBuckets> redis) {
    return new RateLimits(new LocalBuckets(), redis.getIfAvailable());
  }

  @Bean
  AuditLog auditLog(JdbcClient jdbc) {
    return new AuditLog(jdbc);
  }

  @Bean
  AuditWriter auditWriter(AuditLog auditLog, SecurityProperties properties, MeterRegistry registry) {
    return new AuditWriter(auditLog, properties.auditQueueSize(), registry);
  }

  @Bean
  ScopeCheck scopeCheck() {
    return new ScopeCheck();
  }

  @Bean
  WebMvcConfigurer scopesAndAudit(ScopeCheck scopeCheck, AuditWriter writer, Clock clock) {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(scopeCheck).order(Ordered.HIGHEST_PRECEDENCE);
        registry.addInterceptor(new AuditTrail(writer, scopeCheck, clock)).order(Ordered.HIGHEST_PRECEDENCE + 1);
      }
    };
  }

  @Bean
  SecurityFilterChain apiKeyChain(HttpSecurity http, KeyRing ring, RateLimits limits, SecurityProperties properties,
      ObjectMapper json) throws Exception {
    var problems = new ProblemResponses(json);
    var filter = new ApiKeyFilter(ring, limits, properties, problems);
    http.csrf(csrf -> csrf.disable())
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .anonymous(anonymous -> anonymous.disable())
        .servletApi(servletApi -> servletApi.disable())
        // No session handling at all (not even the STATELESS filters): every request brings its key.
        .sessionManagement(sessions -> sessions.disable())
        // JSON is never framed or rendered as HTML: nosniff and no-store are the headers that matter.
        .headers(headers -> headers.frameOptions(frame -> frame.disable()).xssProtection(xss -> xss.disable()))
        .cors(cors -> cors.configurationSource(cors(properties.corsOrigins())))
        .addFilterBefore(filter, AuthorizationFilter.class)
        .authorizeHttpRequests(requests -> requests
            .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
            .requestMatchers(PublicPaths::matches).permitAll()
            .requestMatchers("/actuator/**").hasAuthority(Scope.OPS_READ.value())
            .anyRequest().authenticated())
        .exceptionHandling(errors -> errors
            .authenticationEntryPoint((request, response, e) -> problems.write(response,
                request.getAttribute(ApiKeyFilter.REFUSAL) instanceof String code
                    ? AccessRefused.forKey(code) : AccessRefused.unauthenticated(filter.protectedMode())))
            .accessDeniedHandler((request, response, e) ->
                problems.write(response, AccessRefused.insufficientScope(Scope.OPS_READ))));
    return http.build();
  }

  /**
   * Spring Security's observations would wrap each of its filters on every request (the platform's
   * RequestLog already times requests, as http.server.requests).
   */
  @Bean
  SecurityObservationSettings noSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  /**
   * Access is decided per handler (the scope it declares), not by URL rules, so the strict firewall's URL
   * and header rules would add nothing but take bad input away from the routes' own validation (which
   * names the field at fault); Tomcat already refuses encoded slashes and broken escapes. What the
   * default firewall refuses (a path that is not normalized) is answered as problem+json too.
   */
  @Bean
  WebSecurityCustomizer firewall(ObjectMapper json) {
    var problems = new ProblemResponses(json);
    return web -> web.httpFirewall(new DefaultHttpFirewall())
        .requestRejectedHandler((request, response, e) -> problems.write(response, AccessRefused.badPath()));
  }

  /** Closed (no cross-origin access) unless origins are listed. */
  private static UrlBasedCorsConfigurationSource cors(List<String> origins) {
    var source = new UrlBasedCorsConfigurationSource();
    if (!origins.isEmpty()) {
      var cors = new CorsConfiguration();
      cors.setAllowedOrigins(origins);
      cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
      cors.setAllowedHeaders(List.of("Authorization", "X-API-Key", "Content-Type", "Idempotency-Key", "X-Request-Id"));
      cors.setExposedHeaders(List.of("Location", "Retry-After", "RateLimit", "RateLimit-Policy",
          "Idempotent-Replayed", "X-Request-Id", "X-Cache"));
      cors.setMaxAge(3600L);
      source.registerCorsConfiguration("/**", cors);
    }
    return source;
  }
}
