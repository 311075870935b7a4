package io.tradepost.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
class WebConfig {

  /** Up to 100,000 access-log lines wait for the writer; past that, requests write their own. */
  @Bean
  AccessLog accessLog() {
    return new AccessLog(100_000);
  }

  @Bean
  FilterRegistrationBean<RequestLog> requestLog(AccessLog accessLog, MeterRegistry registry, Tracer tracer,
      Propagator propagator) {
    var registration = new FilterRegistrationBean<>(new RequestLog(accessLog, registry, tracer, propagator));
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

  @Bean
  WebMvcConfigurer storableParameters() {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new StorableParameters());
      }
    };
  }

  /** Tomcat adds its error-report valve when the host starts, after every valve added here or by Boot. */
  @Bean
  WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemReports() {
    return factory -> factory.addContextCustomizers(context -> {
      if (context.getParent() instanceof StandardHost host) {
        host.setErrorReportValveClass(ProblemReportValve.class.getName());
      }
    });
  }
}
