package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCache;

class CacheFallbackTest {

  /** A cache whose store can break, counting the calls that reach it. */
  private static final class Breakable extends ConcurrentMapCache {
    volatile boolean broken;
    final AtomicInteger calls = new AtomicInteger();

    Breakable() {
      super("items");
    }

    @Override
    protected Object lookup(Object key) {
      calls.incrementAndGet();
      if (broken) {
        throw new IllegalStateException("Redis command timed out");
      }
      return super.lookup(key);
    }

    @Override
    public void put(Object key, Object value) {
      calls.incrementAndGet();
      if (broken) {
        throw new IllegalStateException("Redis command timed out");
      }
      super.put(key, value);
    }
  }

  private final Breakable store = new Breakable();
  private final CacheFallback caches = new CacheFallback(new CacheManager() {
    @Override
    public Cache getCache(String name) {
      return store;
    }

    @Override
    public Collection<String> getCacheNames() {
      return List.of("items");
    }
  }, Duration.ofMillis(200));
  private final Cache cache = caches.getCache("items");

  @Test
  void aBrokenCacheIsAMissAndASkippedWriteNotAFailure() {
    cache.put("page", "cached");
    store.broken = true;

    assertThat(cache.get("page", String.class)).isNull();
    cache.put("page", "fresh");
    assertThat(cache.get("page", () -> "loaded")).isEqualTo("loaded");
    assertThat(caches.down()).isTrue();
  }

  @Test
  void afterAFailureTheCacheIsLeftAloneForThePauseThenTriedAgain() {
    store.broken = true;
    assertThat(cache.get("page")).isNull();
    int reached = store.calls.get();

    for (int i = 0; i < 100; i++) {
      cache.get("page");
      cache.put("page", "v" + i);
    }
    assertThat(store.calls.get()).as("no request waits on a cache known to be down").isEqualTo(reached);

    store.broken = false;
    await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
      cache.put("page", "back");
      assertThat(cache.get("page", String.class)).isEqualTo("back");
    });
    assertThat(caches.down()).isFalse();
  }
}
