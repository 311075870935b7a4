package io.tradepost.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.OnH2;
import io.tradepost.support.RedisAvailable;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The same cache behaviour with {@code TRADEPOST_CACHE=redis}, against the machine's Redis. Each run
 * has its own key prefix: test runs on the same Redis at the same time would otherwise evict each
 * other's pages.
 */
@OnH2
@ExtendWith(RedisAvailable.class)
@TestPropertySource(properties = {
    "tradepost.cache=redis",
    "spring.cache.redis.time-to-live=2m",
    "spring.data.redis.host=127.0.0.1"})
class ItemCacheOnRedisIT extends ItemCacheContract {

  static final String PREFIX = "tradepost-test-sync-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  static StringRedisTemplate cleanup;

  @DynamicPropertySource
  static void ownPrefix(DynamicPropertyRegistry registry) {
    registry.add("spring.cache.redis.key-prefix", () -> PREFIX);
  }

  @Autowired
  StringRedisTemplate redis;

  @org.junit.jupiter.api.BeforeEach
  void rememberForCleanup() {
    cleanup = redis;
  }

  @Test
  void entriesLiveInRedisUnderTheConfiguredPrefix() {
    items();

    assertThat(ownKeys()).isNotEmpty().allSatisfy(k -> assertThat(k).startsWith(PREFIX));
  }

  @AfterAll
  static void deleteOwnKeys() {
    if (cleanup != null) {
      var keys = new ArrayList<String>();
      try (var cursor = cleanup.scan(ScanOptions.scanOptions().match(PREFIX + "*").count(1000).build())) {
        cursor.forEachRemaining(keys::add);
      }
      if (!keys.isEmpty()) {
        cleanup.delete(keys);
      }
    }
  }

  private java.util.List<String> ownKeys() {
    var keys = new ArrayList<String>();
    try (var cursor = redis.scan(ScanOptions.scanOptions().match(PREFIX + "*").count(1000).build())) {
      cursor.forEachRemaining(keys::add);
    }
    return keys;
  }
}
