package io.tradepost.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Tells the other instances which products this one changed, over a Redis channel, so that they drop
 * them from their {@link ProductReadCache}; only with {@code TRADEPOST_CACHE=redis}, the shape for
 * several instances. A message is {@code <instance>\n<id>\n<id>…}; an instance ignores its own.
 */
class ProductChangeBroadcast {

  static final String CHANNEL = "tradepost:catalog:product-changes";
  private static final Logger log = LoggerFactory.getLogger(ProductChangeBroadcast.class);

  private final StringRedisTemplate redis;
  private final String instance = UUID.randomUUID().toString();

  ProductChangeBroadcast(StringRedisTemplate redis) {
    this.redis = redis;
  }

  void publish(List<String> productIds) {
    try {
      redis.convertAndSend(CHANNEL, instance + "\n" + String.join("\n", productIds));
    } catch (RuntimeException e) {
      // The write is committed; other instances drop their copy within read-cache-ttl.
      log.warn("Could not tell other instances that {} products changed: {}", productIds.size(), e.toString());
    }
  }

  /** The product ids of a message from another instance; none for this instance's own. */
  List<String> productIds(String message) {
    var lines = message.split("\n");
    return lines[0].equals(instance) ? List.of() : Arrays.asList(lines).subList(1, lines.length);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "tradepost.cache", havingValue = "redis")
  static class OverRedis {

    @Bean
    ProductChangeBroadcast productChangeBroadcast(StringRedisTemplate redis) {
      return new ProductChangeBroadcast(redis);
    }

    /**
     * Drops what other instances changed. Messages sent while this instance was not subscribed are
     * lost, so every (re)subscription drops the whole cache.
     */
    @Bean
    RedisMessageListenerContainer productChangeListener(RedisConnectionFactory connections,
        ProductChangeBroadcast broadcast, ProductReadCache cache) {
      var container = new RedisMessageListenerContainer();
      container.setConnectionFactory(connections);
      container.addMessageListener(new Listener(broadcast, cache), new ChannelTopic(CHANNEL));
      return container;
    }
  }

  private record Listener(ProductChangeBroadcast broadcast, ProductReadCache cache)
      implements MessageListener, SubscriptionListener {

    @Override
    public void onMessage(Message message, byte[] pattern) {
      cache.evict(broadcast.productIds(new String(message.getBody(), StandardCharsets.UTF_8)));
    }

    @Override
    public void onChannelSubscribed(byte[] channel, long count) {
      cache.evictAll();
    }
  }
}
