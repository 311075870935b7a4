package io.tradepost.platform;

import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * With {@code TRADEPOST_CACHE=redis}: the cache falls back to the database when Redis fails
 * ({@link CacheFallback}), and health check {@code cache} reports a failing Redis as
 * {@code DEGRADED}, which leaves the service healthy and ready.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tradepost.cache", havingValue = "redis")
class RedisCacheConfig {

  static final String DEGRADED = "DEGRADED";
  /** How long the cache is left alone after a failure: a request then pays at most one Redis timeout. */
  private static final Duration PAUSE = Duration.ofSeconds(5);

  @Bean
  static BeanPostProcessor cacheFallback() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof CacheManager caches && !(bean instanceof CacheFallback) ? new CacheFallback(caches, PAUSE) : bean;
      }
    };
  }

  @Bean
  HealthIndicator cacheHealthIndicator(RedisConnectionFactory redis) {
    return () -> {
      try (var connection = redis.getConnection()) {
        connection.ping();
        return Health.up().build();
      } catch (RuntimeException e) {
        return Health.status(DEGRADED).withDetail("error", e.getClass().getSimpleName()).build();
      }
    };
  }
}
