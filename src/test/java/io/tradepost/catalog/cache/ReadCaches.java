package io.tradepost.catalog.cache;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The product read cache of one instance, for tests that build repositories by hand. */
public final class ReadCaches {

  private ReadCaches() {}

  public static ProductReadCache ofOneInstance() {
    return new ProductReadCache(new CatalogProperties(1000, Duration.ofMinutes(5)),
        new StaticListableBeanFactory().getBeanProvider(ProductChangeBroadcast.class), new SimpleMeterRegistry());
  }
}
