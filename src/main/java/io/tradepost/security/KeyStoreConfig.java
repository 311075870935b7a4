package io.tradepost.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The stored keys: what both the service and the {@code keys} command use. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class KeyStoreConfig {

  @Bean
  KeySecrets keySecrets(SecurityProperties properties) {
    return new KeySecrets(properties.pepper());
  }

  @Bean
  ApiKeys apiKeys(JdbcClient jdbc, JdbcTemplate template) {
    return new ApiKeys(jdbc, template);
  }
}
