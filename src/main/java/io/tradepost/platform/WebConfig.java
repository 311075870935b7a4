package io.tradepost.platform;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
class WebConfig {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Up to 100,000 access-log lines wait for the writer; past that, requests write their own. */
  @Bean
  AccessLog accessLog() {
    return new AccessLog(100_000);
  }

  @Bean
  FilterRegistrationBean<RequestLog> requestLog(AccessLog accessLog, MeterRegistry registry) {
    var registration = new FilterRegistrationBean<>(new RequestLog(accessLog, registry));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  FilterRegistrationBean<BodySizeLimit> bodySizeLimit(PlatformProperties properties, ObjectMapper json) {
    var registration = new FilterRegistrationBean<>(new BodySizeLimit(properties.maxBodySize().toBytes(), json));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  @Bean
  FilterRegistrationBean<UnchunkedResponses> unchunkedResponses() {
    var registration = new FilterRegistrationBean<>(new UnchunkedResponses());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
    return registration;
  }
}
