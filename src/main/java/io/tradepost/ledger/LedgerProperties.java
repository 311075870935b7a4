package io.tradepost.ledger;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ledger settings ({@code tradepost.ledger.*}).
 *
 * @param feePercent percentage fee on every sale, at most two decimals (default 2.9)
 * @param feeFixed fixed fee on every sale in currency units, at most two decimals (default 0.30)
 */
@ConfigurationProperties("tradepost.ledger")
record LedgerProperties(@DefaultValue("2.9") BigDecimal feePercent, @DefaultValue("0.30") BigDecimal feeFixed) {

  FeePolicy feePolicy() {
    return new FeePolicy(feePercent.movePointRight(2).longValueExact(), feeFixed.movePointRight(2).longValueExact());
  }
}
