package io.tradepost.sync;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Item pages and details in the Spring cache (Caffeine in process, or Redis shared by instances).
 * Keys carry a generation token per source (and one for everything); eviction replaces the token,
 * so a source's entries are dropped without listing keys (no {@code KEYS}, no {@code SCAN}) and the
 * old ones simply expire. Tokens are random, so an expired token can never bring old entries back.
 * Nothing null is ever stored: an empty page is cached as an empty page; a missing item is not cached.
 */
@Component
class ItemCache {

  static final String ITEMS = "sync-items";
  static final String GENERATIONS = "sync-item-generations";
  private static final String ALL = "*";
  private final Cache items;
  private final Cache generations;
  private final ObjectMapper json;

  ItemCache(CacheManager caches, ObjectMapper json) {
    this.items = caches.getCache(ITEMS);
    this.generations = caches.getCache(GENERATIONS);
    this.json = json;
  }

  /** A value and whether it came from the cache. */
  record Lookup<T>(T value, boolean hit) {}

  Lookup<ItemView.Page> page(String source, boolean includeRemoved, int limit, long offset,
      Supplier<ItemView.Page> load) {
    var scope = source == null ? ALL : source;
    var key = "page:" + generation(scope) + ":" + scope + ":" + includeRemoved + ":" + limit + ":" + offset;
    var cached = items.get(key, ItemView.Page.class);
    if (cached != null) {
      return new Lookup<>(cached, true);
    }
    var loaded = load.get();
    var page = new ItemView.Page(loaded.items(), loaded.total(), json.writeValueAsString(loaded.items()));
    items.put(key, page);
    return new Lookup<>(page, false);
  }

  Optional<ItemView> item(String key, String scope, Supplier<Optional<ItemView>> load) {
    var fullKey = "item:" + generation(scope) + ":" + scope + ":" + key;
    var cached = items.get(fullKey, ItemView.class);
    if (cached != null) {
      return Optional.of(cached);
    }
    var item = load.get();
    item.ifPresent(i -> items.put(fullKey, i));
    return item;
  }

  /** Drops what was cached about {@code source} (and every cross-source page). */
  void evict(String source) {
    generations.put(source, token());
    generations.put(ALL, token());
  }

  static String all() {
    return ALL;
  }

  private String generation(String scope) {
    var current = generations.get(scope, String.class);
    if (current != null) {
      return current;
    }
    var fresh = token();
    var previous = generations.putIfAbsent(scope, fresh);
    return previous == null || previous.get() == null ? fresh : (String) previous.get();
  }

  private static String token() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
