package io.tradepost.platform;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A shared cache (Redis) that can fail without failing a request: a read that fails is a miss and the
 * caller loads from the database, a write that fails is skipped. After a failure the cache is left
 * alone for a pause (5 s), so that while Redis is down a request does not wait for its command
 * timeout once per cache access.
 *
 * <p>Writes skipped while the cache was down include evictions: entries cached before the outage can
 * be served until they expire (the cache's time to live).
 */
final class CacheFallback implements CacheManager {

  private static final Logger log = LoggerFactory.getLogger(CacheFallback.class);
  private final CacheManager caches;
  private final Duration pause;
  private final Map<String, Cache> wrapped = new ConcurrentHashMap<>();
  /** System.nanoTime() until which the cache is not used; meaningful only while {@code down}. */
  private final AtomicLong pausedUntil = new AtomicLong();
  private volatile boolean down;

  CacheFallback(CacheManager caches, Duration pause) {
    this.caches = caches;
    this.pause = pause;
  }

  /** Whether the last access failed (and the cache is skipped or about to be tried again). */
  boolean down() {
    return down;
  }

  @Override
  public Cache getCache(String name) {
    var cache = caches.getCache(name);
    return cache == null ? null : wrapped.computeIfAbsent(name, n -> new Fallible(cache));
  }

  @Override
  public Collection<String> getCacheNames() {
    return caches.getCacheNames();
  }

  private boolean skipped() {
    return down && System.nanoTime() - pausedUntil.get() < 0;
  }

  private void failed(String cache, RuntimeException e) {
    pausedUntil.set(System.nanoTime() + pause.toNanos());
    if (!down) {
      down = true;
      log.warn("Cache {} failed ({}); reading from the database, trying the cache again every {}", cache,
          e.toString(), pause);
    }
  }

  private void answered() {
    if (down) {
      down = false;
      log.info("The cache answers again");
    }
  }

  /** One cache whose failures are misses and skipped writes. */
  private final class Fallible implements Cache {

    private final Cache cache;

    Fallible(Cache cache) {
      this.cache = cache;
    }

    private <T> T read(Supplier<T> access) {
      if (skipped()) {
        return null;
      }
      try {
        var value = access.get();
        answered();
        return value;
      } catch (RuntimeException e) {
        failed(cache.getName(), e);
        return null;
      }
    }

    private void write(Runnable access) {
      read(() -> {
        access.run();
        return null;
      });
    }

    @Override
    public String getName() {
      return cache.getName();
    }

    @Override
    public Object getNativeCache() {
      return cache.getNativeCache();
    }

    @Override
    public ValueWrapper get(Object key) {
      return read(() -> cache.get(key));
    }

    @Override
    public <T> T get(Object key, Class<T> type) {
      return read(() -> cache.get(key, type));
    }

    @Override
    public <T> T get(Object key, Callable<T> valueLoader) {
      var cached = get(key);
      if (cached != null) {
        @SuppressWarnings("unchecked")
        var value = (T) cached.get();
        return value;
      }
      T loaded;
      try {
        loaded = valueLoader.call();
      } catch (Exception e) {
        throw new ValueRetrievalException(key, valueLoader, e);
      }
      put(key, loaded);
      return loaded;
    }

    @Override
    public void put(Object key, Object value) {
      write(() -> cache.put(key, value));
    }

    @Override
    public ValueWrapper putIfAbsent(Object key, Object value) {
      return read(() -> cache.putIfAbsent(key, value));
    }

    @Override
    public void evict(Object key) {
      write(() -> cache.evict(key));
    }

    @Override
    public void clear() {
      write(cache::clear);
    }
  }
}
