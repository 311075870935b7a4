package io.tradepost.security;

import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Token buckets in Redis, shared by every instance: one Lua script per request takes a token
 * atomically, on Redis's clock (so instances' clocks do not matter). A bucket's hash expires once it
 * would be full again.
 */
class RedisBuckets {

  private static final String PREFIX = "tradepost:rate:";
  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> TAKE = RedisScript.of("""
      local rate = tonumber(ARGV[1])
      local burst = tonumber(ARGV[2])
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
      local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
      local tokens = tonumber(state[1]) or burst
      local at = tonumber(state[2]) or now
      tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000000)
      local allowed = 0
      if tokens >= 1 then
        tokens = tokens - 1
        allowed = 1
      end
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
      redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
      return {allowed, tostring(tokens)}
      """, List.class);

  private final StringRedisTemplate redis;

  RedisBuckets(StringRedisTemplate redis) {
    this.redis = redis;
  }

  RateDecision take(String name, Rate rate) {
    var result = redis.execute(TAKE, List.of(PREFIX + name), Double.toString(rate.perSecond()),
        Long.toString(rate.burst()));
    if (result == null || result.size() != 2) {
      throw new IllegalStateException("The rate limit script answered " + result);
    }
    boolean allowed = ((Number) result.get(0)).longValue() == 1;
    return RateDecision.of(rate, allowed, Double.parseDouble(String.valueOf(result.get(1))));
  }
}
