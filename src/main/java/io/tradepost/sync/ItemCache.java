package io.tradepost.sync;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.stereotype.Component;

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

  ItemCache(CacheManager caches) {
    this.items = caches.getCache(ITEMS);
    this.generations = caches.getCache(GENERATIONS);
  }

  /** A value and whether it came from the cache. */
  record Lookup<T>(T value, boolean hit) {}

  /**
   * What a miss produced: {@code kept} is cached for the readers after, {@code answer} goes to the
   * reader who missed (the two differ where the answer says whether it came from the cache).
   */
  record Loaded<T>(T kept, T answer) {}

  /** A page of items as objects, for routes that reshape them. */
  Lookup<ItemView.Page> page(String source, boolean includeRemoved, int limit, long offset,
      Supplier<ItemView.Page> load) {
    return lookup("objects", source, includeRemoved, limit, offset, ItemView.Page.class, () -> {
      var page = load.get();
      return new Loaded<>(page, page);
    });
  }

  /**
   * A page as an answer already rendered to bytes: a hit costs one lookup and no serialisation, in
   * process or from Redis alike.
   */
  Lookup<byte[]> rendered(String source, boolean includeRemoved, int limit, long offset,
      Supplier<Loaded<byte[]>> load) {
    return lookup("rendered", source, includeRemoved, limit, offset, byte[].class, load);
  }

  /**
   * {@code kind} keeps the shapes of a page apart in the keys (and apart from the {@code page:} entries
   * of earlier versions, which instances of both may share in Redis during a rolling deploy).
   */
  private <T> Lookup<T> lookup(String kind, String source, boolean includeRemoved, int limit, long offset,
      Class<T> type, Supplier<Loaded<T>> load) {
    var scope = source == null ? ALL : source;
    // The generation is read before loading: an eviction meanwhile leaves this entry under the old one.
    var key = kind + ":" + generation(scope) + ":" + scope + ":" + includeRemoved + ":" + limit + ":" + offset;
    var cached = items.get(key, type);
    if (cached != null) {
      return new Lookup<>(cached, true);
    }
    var loaded = load.get();
    items.put(key, loaded.kept());
    return new Lookup<>(loaded.answer(), false);
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
