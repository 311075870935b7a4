package io.tradepost.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Every API key, held in memory so that no request reads the database to authenticate. Re-read in
 * full every second (a few hundred small rows at most), so a key created, revoked or expired on any
 * instance counts on every instance within about a second; the same thread writes {@code last_used_at},
 * at most once a minute per key. Until the first read succeeds keys are treated as existing:
 * protected mode never opens because the database was away.
 */
class KeyRing implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KeyRing.class);
  static final Duration REFRESH = Duration.ofSeconds(1);
  private static final Duration LAST_USED_EVERY = Duration.ofMinutes(1);

  private final ApiKeys keys;
  private final KeySecrets secrets;
  private final Clock clock;
  private volatile Map<String, ApiKey> byId = Map.of();
  private volatile boolean loaded;
  private final Map<String, Instant> usedSince = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastWritten = new HashMap<>();
  private ScheduledExecutorService refresher;

  KeyRing(ApiKeys keys, KeySecrets secrets, Clock clock) {
    this.keys = keys;
    this.secrets = secrets;
    this.clock = clock;
  }

  /** The outcome of presenting a key. */
  sealed interface Check {
    record Valid(ApiKey key) implements Check {}
    record Refused(String code) implements Check {}
  }

  static final Check UNAUTHENTICATED = new Check.Refused("UNAUTHENTICATED");

  /**
   * Checks a presented key. Revoked and expired are told apart only for the right secret, so a caller
   * never learns whether an id exists.
   */
  Check check(String presented) {
    var parsed = KeySecrets.parse(presented);
    var key = parsed.map(p -> byId.get(p.id())).orElse(null);
    if (key == null || !secrets.matches(parsed.get().secret(), key.secretHash())) {
      return UNAUTHENTICATED;
    }
    if (key.revokedAt() != null) {
      return new Check.Refused("KEY_REVOKED");
    }
    var now = clock.instant();
    if (key.expiredAt(now)) {
      return new Check.Refused("KEY_EXPIRED");
    }
    usedSince.put(key.id(), now);
    return new Check.Valid(key);
  }

  /** Whether any key was ever created (or the keys could not be read yet): then every caller needs one. */
  boolean keysExist() {
    return !loaded || !byId.isEmpty();
  }

  /** Reads the keys again now (after a change made on this instance, so it counts at once). */
  void refresh() {
    byId = keys.all().stream().collect(Collectors.toUnmodifiableMap(ApiKey::id, Function.identity()));
    loaded = true;
  }

  private void tick() {
    try {
      refresh();
      writeLastUsed();
    } catch (RuntimeException e) {
      log.warn("Cannot read the API keys; keeping the ones read before: {}", e.toString());
    }
  }

  private void writeLastUsed() {
    var now = clock.instant();
    var due = new HashMap<String, Instant>();
    usedSince.forEach((id, at) -> {
      var written = lastWritten.get(id);
      if (written == null || Duration.between(written, now).compareTo(LAST_USED_EVERY) >= 0) {
        due.put(id, at);
      }
    });
    if (!due.isEmpty()) {
      keys.touch(due);
      due.keySet().forEach(id -> {
        lastWritten.put(id, now);
        usedSince.remove(id, due.get(id));
      });
    }
  }

  @Override
  public void start() {
    tick();
    refresher = Executors.newSingleThreadScheduledExecutor(task -> {
      var thread = new Thread(task, "api-key-refresh");
      thread.setDaemon(true);
      return thread;
    });
    refresher.scheduleWithFixedDelay(this::tick, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    refresher.shutdownNow();
    refresher = null;
  }

  @Override
  public boolean isRunning() {
    return refresher != null;
  }

  /** Starts before the web server, so the first request finds the keys read. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }
}
