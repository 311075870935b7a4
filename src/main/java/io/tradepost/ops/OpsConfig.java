package io.tradepost.ops;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/** The dashboard's settings, chart buffer and static files (its CSS and script, htmx and uPlot from their webjars). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpsProperties.class)
class OpsConfig implements WebMvcConfigurer {

  @Bean
  ChartHistory chartHistory(OpsProperties properties) {
    return new ChartHistory(properties.chartPoints());
  }

  /**
   * Thymeleaf's resource-URL filter (on because springdoc brings the webjars locator) wraps every
   * request of the service; only the dashboard's pages render resource URLs.
   */
  @Bean
  FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
    var registration = new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
    registration.addUrlPatterns("/ops", "/ops/*");
    return registration;
  }

  /** Under {@code /ops/assets}, the one path of the dashboard open before sign-in (the sign-in page needs its CSS). */
  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler("/ops/assets/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/");
    registry.addResourceHandler("/ops/assets/**").addResourceLocations("classpath:/ops/assets/");
  }
}
