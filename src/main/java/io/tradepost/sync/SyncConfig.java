package io.tradepost.sync;

import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/** Turns on Spring's cache abstraction: Caffeine by default, Redis with {@code TRADEPOST_CACHE=redis}. */
@Configuration(proxyBeanMethods = false)
@EnableCaching
class SyncConfig {

  /** Cluster-wide lock (ShedLock, table {@code sync_shedlock}) for the purge. */
  @Bean
  LockingTaskExecutor syncLocks(DataSource dataSource) {
    return new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(
        JdbcTemplateLockProvider.Configuration.builder()
            .withJdbcTemplate(new JdbcTemplate(dataSource))
            .withTableName("sync_shedlock")
            .usingDbTime()
            .build()));
  }

  /**
   * With Lettuce, Spring Data Redis 4 writes cache entries in the background by default, so a read
   * right after a write may not see it: a page read just after a run that changed items could still
   * find the old generation token and answer the old page, and a page just cached could miss again.
   * Immediate writes make an eviction visible before the run that caused it answers.
   */
  @Bean
  RedisCacheManagerBuilderCustomizer immediateRedisCacheWrites(ObjectProvider<RedisConnectionFactory> redis) {
    return builder -> builder.cacheWriter(
        RedisCacheWriter.create(redis.getObject(), writer -> writer.immediateWrites()));
  }
}
