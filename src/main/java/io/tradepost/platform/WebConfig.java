package io.tradepost.platform;

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

  @Bean
  FilterRegistrationBean<RequestLog> requestLog() {
    var registration = new FilterRegistrationBean<>(new RequestLog());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  FilterRegistrationBean<BodySizeLimit> bodySizeLimit(PlatformProperties properties, ObjectMapper json) {
    var registration = new FilterRegistrationBean<>(new BodySizeLimit(properties.maxBodySize().toBytes(), json));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }
}
