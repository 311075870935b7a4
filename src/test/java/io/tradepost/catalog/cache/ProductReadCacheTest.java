package io.tradepost.catalog.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tradepost.catalog.Product;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class ProductReadCacheTest {

  final ProductReadCache cache = new ProductReadCache(new CatalogProperties(1000, Duration.ofMinutes(5)),
      new StaticListableBeanFactory().getBeanProvider(ProductChangeBroadcast.class), new SimpleMeterRegistry());
  final AtomicReference<Product> stored = new AtomicReference<>(product("p1", 10));

  @Test
  void aProductIsLoadedOnceAndThenServedFromMemory() {
    var loads = new int[1];

    for (int i = 0; i < 3; i++) {
      assertThat(cache.get("p1", id -> {
        loads[0]++;
        return Optional.of(stored.get());
      })).contains(stored.get());
    }

    assertThat(loads[0]).isEqualTo(1);
  }

  @Test
  void aChangedProductIsLoadedAgain() {
    read();
    stored.set(product("p1", 7));

    cache.changed(List.of("p1"));

    assertThat(read().stock()).isEqualTo(7);
  }

  @Test
  void aLoadThatRacedAWriteDoesNotLeaveTheOldStateBehind() {
    var old = stored.get();
    // The read loads the old row, then the write commits and evicts before the read stores it.
    var answered = cache.get("p1", id -> {
      stored.set(product("p1", 3));
      cache.evict(List.of("p1"));
      return Optional.of(old);
    });

    assertThat(answered.orElseThrow().stock()).isEqualTo(10);
    assertThat(read().stock()).as("the next read").isEqualTo(3);
  }

  @Test
  void unknownProductsAreNotRemembered() {
    assertThat(cache.get("p2", id -> Optional.empty())).isEmpty();

    assertThat(cache.get("p2", id -> Optional.of(product("p2", 1)))).isPresent();
  }

  @Test
  void twoSpellingsOfAnIdAreTwoProducts() {
    cache.get("p1", id -> Optional.of(product("p1", 1)));
    cache.get("P1", id -> Optional.of(product("P1", 2)));

    assertThat(cache.get("p1", id -> Optional.empty()).orElseThrow().stock()).isEqualTo(1);
    assertThat(cache.get("P1", id -> Optional.empty()).orElseThrow().stock()).isEqualTo(2);
  }

  private Product read() {
    return cache.get("p1", id -> Optional.of(stored.get())).orElseThrow();
  }

  private static Product product(String id, long stock) {
    return new Product(id, "Lamp", "m1", 2000, stock, 1, Instant.EPOCH);
  }
}
