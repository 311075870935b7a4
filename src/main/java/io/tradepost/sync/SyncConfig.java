package io.tradepost.sync;

import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

/** Turns on Spring's cache abstraction: Caffeine by default, Redis with {@code TRADEPOST_CACHE=redis}. */
@Configuration(proxyBeanMethods = false)
@EnableCaching
class SyncConfig {}
