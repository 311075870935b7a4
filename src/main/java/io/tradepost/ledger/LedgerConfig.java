package io.tradepost.ledger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class LedgerConfig {

  @Bean
  FeePolicy feePolicy(LedgerProperties properties) {
    return properties.feePolicy();
  }
}
