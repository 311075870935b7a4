package io.tradepost.ledger;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerProperties.class)
class LedgerConfig {

  @Bean
  FeePolicy feePolicy(LedgerProperties properties) {
    return properties.feePolicy();
  }
}
