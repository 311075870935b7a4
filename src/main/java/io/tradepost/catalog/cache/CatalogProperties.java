package io.tradepost.catalog.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Catalog settings ({@code tradepost.catalog.*}).
 *
 * @param readCacheSize products kept in memory per instance for {@code GET /api/v1/products/{id}}; 0 turns
 *     the cache off (TRADEPOST_CATALOG_READ_CACHE_SIZE)
 * @param readCacheTtl how long a product stays in memory at most: the bound on staleness after a write this
 *     instance is not told of (another instance without {@code TRADEPOST_CACHE=redis}, or SQL by hand)
 *     (TRADEPOST_CATALOG_READ_CACHE_TTL)
 */
@ConfigurationProperties("tradepost.catalog")
record CatalogProperties(
    @DefaultValue("100000") long readCacheSize,
    @DefaultValue("30s") Duration readCacheTtl) {

  CatalogProperties {
    if (readCacheSize < 0 || readCacheTtl.isNegative()) {
      throw new IllegalArgumentException("tradepost.catalog.read-cache-size and read-cache-ttl must not be negative");
    }
  }
}
