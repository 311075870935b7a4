package io.tradepost.catalog.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.tradepost.catalog.Product;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Products as last read from the database, kept in this instance's memory for {@code GET} of one product.
 *
 * <p>Every product write of this instance calls {@link #changed} inside its transaction, and the products
 * it changed are dropped when that transaction ends, before its request is answered: a client sees its
 * own order's stock at once. With {@code TRADEPOST_CACHE=redis} the ids are also published to the other
 * instances, which drop them within milliseconds; any entry is dropped after {@code read-cache-ttl}
 * anyway, which bounds how stale a product can be after a write this instance cannot hear of.
 *
 * <p>A read that races a write cannot leave the old state behind. A write bumps its ids' stripe of
 * {@code writes} before it drops them; a read notes the stripe before it loads, stores what it
 * loaded, then drops it again if the stripe moved meanwhile. So what a read loaded before a write
 * committed is dropped either by the read itself or by that write's eviction. Loads run outside any
 * lock (a database read under Caffeine's compute lock would pin a virtual thread's carrier on JDK 21).
 */
@Component
public class ProductReadCache {

  private static final int STRIPES = 4096;

  private final Cache<String, Product> cache;
  private final AtomicLongArray writes = new AtomicLongArray(STRIPES);
  private final ProductChangeBroadcast peers;

  ProductReadCache(CatalogProperties properties, ObjectProvider<ProductChangeBroadcast> peers, MeterRegistry meters) {
    this.cache = Caffeine.newBuilder()
        .maximumSize(properties.readCacheSize())
        .expireAfterWrite(properties.readCacheTtl())
        .recordStats()
        .build();
    this.peers = peers.getIfAvailable();
    CaffeineCacheMetrics.monitor(meters, cache, "products");
  }

  /** The product, from memory or else loaded by {@code load}; unknown products are not remembered. */
  public Optional<Product> get(String id, Function<String, Optional<Product>> load) {
    var cached = cache.getIfPresent(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    int stripe = stripe(id);
    long before = writes.get(stripe);
    var loaded = load.apply(id);
    if (loaded.isPresent()) {
      cache.put(id, loaded.get());
      if (writes.get(stripe) != before) {
        cache.invalidate(id);
      }
    }
    return loaded;
  }

  /**
   * Drops the products when the current transaction ends (at once without one), and tells the other
   * instances once it committed.
   */
  public void changed(Collection<String> ids) {
    var changed = List.copyOf(ids);
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      evict(changed);
      publish(changed);
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCompletion(int status) {
        evict(changed);
        if (status == STATUS_COMMITTED) {
          publish(changed);
        }
      }
    });
  }

  /** Drops the products now: this instance changed them, or another one said it did. */
  void evict(Collection<String> ids) {
    for (var id : ids) {
      writes.incrementAndGet(stripe(id));
      cache.invalidate(id);
    }
  }

  /** Drops every product, as changes may have been missed. */
  void evictAll() {
    for (int i = 0; i < STRIPES; i++) {
      writes.incrementAndGet(i);
    }
    cache.invalidateAll();
  }

  private static int stripe(String id) {
    return (id.hashCode() & Integer.MAX_VALUE) % STRIPES;
  }

  private void publish(List<String> ids) {
    if (peers != null && !ids.isEmpty()) {
      peers.publish(ids);
    }
  }
}
