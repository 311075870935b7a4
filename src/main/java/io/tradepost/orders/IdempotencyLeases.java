package io.tradepost.orders;

import io.tradepost.platform.NamedThreads;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The Idempotency-Key leases of this instance's requests in flight, renewed every third of
 * {@code idempotency-lease} for as long as each request runs. The renewal has a thread of its own:
 * on the shared scheduler a slow purge or sync could delay it past the lease. A renewal that fails
 * (the database is away) is logged and the next one tries again; if the lease runs out meanwhile, a
 * retry may take the key over and the attempt that lost it stores nothing.
 */
@Component
class IdempotencyLeases implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyLeases.class);

  private final Set<IdempotencyKeys.Claim> held = ConcurrentHashMap.newKeySet();
  private final IdempotencyKeys keys;
  private final ScheduledExecutorService heartbeat;

  IdempotencyLeases(IdempotencyKeys keys, OrdersProperties properties) {
    this.keys = keys;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("idempotency-leases"));
    long period = properties.idempotencyLease().toMillis() / 3;
    heartbeat.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  /** Renews the claim's lease until {@link #drop} is called for it. */
  void hold(IdempotencyKeys.Claim claim) {
    held.add(claim);
  }

  /** Stops renewing the claim's lease: its request has ended. */
  void drop(IdempotencyKeys.Claim claim) {
    held.remove(claim);
  }

  private void renew() {
    try {
      keys.renew(Set.copyOf(held));
    } catch (RuntimeException e) {
      // Caught, or the executor would never run the renewal again.
      log.warn("Renewing {} Idempotency-Key leases failed, trying again shortly: {}", held.size(), e.toString());
    }
  }

  @Override
  public void destroy() {
    heartbeat.shutdownNow();
  }
}
