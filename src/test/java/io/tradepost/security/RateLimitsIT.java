package io.tradepost.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.RedisAvailable;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Token buckets on the machine's Redis (database 3), shared by two instances, and what happens without Redis. */
@ExtendWith(RedisAvailable.class)
class RateLimitsIT {

  private static final Rate FIVE_A_SECOND = Rate.parse("5/s", 0);
  private final List<LettuceConnectionFactory> connections = new ArrayList<>();

  @AfterEach
  void disconnect() {
    connections.forEach(LettuceConnectionFactory::destroy);
  }

  @Test
  void twoInstancesOnOneRedisShareOneBucket() {
    var one = new RateLimits(new LocalBuckets(), new RedisBuckets(redis(6379)));
    var two = new RateLimits(new LocalBuckets(), new RedisBuckets(redis(6379)));
    var key = "test-" + UUID.randomUUID();

    long started = System.nanoTime();
    var decisions = IntStream.range(0, 20)
        .mapToObj(i -> (i % 2 == 0 ? one : two).forKey(key, FIVE_A_SECOND)).toList();
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(decisions).filteredOn(RateDecision::allowed).as("in %.2f s", seconds)
        .hasSizeBetween(5, 5 + (int) Math.ceil(seconds * 5));
    assertThat(decisions.get(19).allowed()).isFalse();
    assertThat(decisions.get(19).retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void aRedisThatDoesNotAnswerNeverBlocksARequest() throws IOException {
    int closedPort;
    try (var socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var limits = new RateLimits(new LocalBuckets(), new RedisBuckets(redis(closedPort)));
    var key = "test-" + UUID.randomUUID();

    long started = System.nanoTime();
    var decisions = IntStream.range(0, 8).mapToObj(i -> limits.forKey(key, FIVE_A_SECOND)).toList();
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(decisions).filteredOn(RateDecision::allowed).as("in %.2f s", seconds)
        .hasSizeBetween(5, 5 + (int) Math.ceil(seconds * 5));
    assertThat(decisions.get(7).allowed()).isFalse();
  }

  private StringRedisTemplate redis(int port) {
    var server = new RedisStandaloneConfiguration("127.0.0.1", port);
    server.setDatabase(3);
    var factory = new LettuceConnectionFactory(server, LettuceClientConfiguration.builder()
        .commandTimeout(Duration.ofMillis(500)).build());
    factory.afterPropertiesSet();
    factory.start();
    connections.add(factory);
    return new StringRedisTemplate(factory);
  }
}
