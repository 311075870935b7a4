package io.tradepost.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Platform settings ({@code tradepost.http.*}).
 *
 * @param maxBodySize largest request body accepted; bigger ones get 413 {@code PAYLOAD_TOO_LARGE}
 */
@ConfigurationProperties("tradepost.http")
record PlatformProperties(@DefaultValue("1MB") DataSize maxBodySize) {

  PlatformProperties {
    if (maxBodySize.toBytes() <= 0) {
      throw new IllegalArgumentException("tradepost.http.max-body-size must be positive");
    }
  }
}
