package io.tradepost.catalog.cache;

import io.tradepost.platform.NamedThreads;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Tells the other instances which products this one changed, over a Redis channel, so that they drop
 * them from their {@link ProductReadCache}; only with {@code TRADEPOST_CACHE=redis}, the shape for
 * several instances. A message is {@code <instance>\n<id>\n<id>…}; an instance ignores its own.
 *
 * <p>Messages are sent by one background thread, so a slow or unreachable Redis never delays an order
 * or an applier. What cannot be sent (Redis down, or more than {@value #QUEUE} messages waiting) is
 * lost, and the other instances drop those products when their entries expire.
 */
class ProductChangeBroadcast implements AutoCloseable {

  static final String CHANNEL = "tradepost:catalog:product-changes";
  private static final int QUEUE = 10_000;
  private static final long WARNING_INTERVAL = TimeUnit.SECONDS.toNanos(10);
  private static final Logger log = LoggerFactory.getLogger(ProductChangeBroadcast.class);

  private final StringRedisTemplate redis;
  private final String instance = UUID.randomUUID().toString();
  private final ThreadPoolExecutor sender;
  /** When the last warning was logged; the first one is logged at once whatever the clock's origin. */
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL);

  ProductChangeBroadcast(StringRedisTemplate redis) {
    this.redis = redis;
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
        NamedThreads.daemon("product-change-broadcast"),
        (task, pool) -> warn("the queue is full or the instance is stopping", null));
  }

  void publish(List<String> productIds) {
    var message = instance + "\n" + String.join("\n", productIds);
    sender.execute(() -> {
      try {
        redis.convertAndSend(CHANNEL, message);
      } catch (RuntimeException e) {
        warn("Redis failed", e);
      }
    });
  }

  /** At most one warning in 10 s: while Redis is down every write would log one. */
  private void warn(String why, RuntimeException e) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARNING_INTERVAL && lastWarning.compareAndSet(last, now)) {
      log.warn("Could not tell other instances which products changed ({}{}); they drop them within read-cache-ttl",
          why, e == null ? "" : ": " + e);
    }
  }

  /** Sends what is queued, for at most 5 s. */
  @Override
  public void close() throws InterruptedException {
    sender.shutdown();
    sender.awaitTermination(5, TimeUnit.SECONDS);
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

    @Bean
    Subscriber productChangeSubscriber(RedisConnectionFactory connections, ProductChangeBroadcast broadcast,
        ProductReadCache cache) {
      return new Subscriber(connections, new Listener(broadcast, cache));
    }
  }

  /**
   * Listens to the channel. It subscribes in the background, again every 5 s until Redis answers, so an
   * instance starts (and serves from the database, the cache expiring as usual) while Redis is down;
   * once subscribed, Lettuce reconnects and subscribes again by itself. Spring's
   * RedisMessageListenerContainer would instead fail the start when Redis is down.
   */
  static final class Subscriber implements SmartLifecycle {

    private final RedisConnectionFactory connections;
    private final Listener listener;
    private volatile boolean running;
    private volatile Thread subscribing;
    private volatile RedisConnection connection;

    Subscriber(RedisConnectionFactory connections, Listener listener) {
      this.connections = connections;
      this.listener = listener;
    }

    @Override
    public void start() {
      running = true;
      var thread = NamedThreads.daemon("product-change-subscriber", this::subscribe);
      subscribing = thread;
      thread.start();
    }

    private void subscribe() {
      while (running) {
        RedisConnection attempt = null;
        try {
          attempt = connections.getConnection();
          attempt.subscribe(listener, CHANNEL.getBytes(StandardCharsets.UTF_8));
          connection = attempt;
          return;
        } catch (RuntimeException e) {
          if (attempt != null) {
            attempt.close();
          }
          log.warn("Cannot listen for product changes of other instances yet ({}); trying again in 5 s", e.toString());
          try {
            Thread.sleep(5_000);
          } catch (InterruptedException stopped) {
            return;
          }
        }
      }
    }

    @Override
    public void stop() {
      running = false;
      subscribing.interrupt();
      var subscribed = connection;
      if (subscribed != null) {
        subscribed.close();
      }
    }

    @Override
    public boolean isRunning() {
      return running;
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
