package io.tradepost.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access control settings ({@code tradepost.security.*}).
 *
 * @param mode {@code auto}: loopback callers need no key while no key exists (protected mode);
 *     {@code required}: keys everywhere, always
 * @param pepper optional server secret: key secrets are then stored as HMAC-SHA256 with it instead of
 *     SHA-256; changing it invalidates every key
 * @param rate a key's rate when it has none of its own ({@code 1000/s})
 * @param burst a key's bucket size when it has none of its own; 0: one period's worth of its rate
 * @param addressRate rate per client address of requests without a valid key (failed authentications count)
 * @param corsOrigins origins browsers may call the API from; none: CORS stays closed
 * @param auditQueueSize audit records waiting for the writer; past that they are dropped and counted
 */
@ConfigurationProperties("tradepost.security")
record SecurityProperties(
    @DefaultValue("auto") Mode mode,
    @DefaultValue("") String pepper,
    @DefaultValue("1000/s") String rate,
    @DefaultValue("0") int burst,
    @DefaultValue("20/s") String addressRate,
    @DefaultValue("") List<String> corsOrigins,
    @DefaultValue("100000") int auditQueueSize) {

  enum Mode { AUTO, REQUIRED }

  SecurityProperties {
    Rate.parse(rate, burst);
    Rate.parse(addressRate, 0);
    if (auditQueueSize < 1) {
      throw new IllegalArgumentException("tradepost.security.audit-queue-size must be at least 1");
    }
    corsOrigins = corsOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
  }

  Rate defaultRate() {
    return Rate.parse(rate, burst);
  }

  Rate perAddress() {
    return Rate.parse(addressRate, 0);
  }
}
