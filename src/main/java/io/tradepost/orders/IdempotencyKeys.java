package io.tradepost.orders;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.InvalidInput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code Idempotency-Key} handling. A key is claimed (committed at once) before the order is
 * placed; the response is written into the claim in the order's own transaction, so a key either
 * has its final response or is still in flight. Same key and body: the stored response again. Same
 * key, other body: 422. Still in flight: 409. Keys live {@code idempotency-ttl}.
 *
 * <p>A claim is a lease held by one attempt ({@code holder}) and renewed by its instance
 * ({@link IdempotencyLeases}) for as long as the attempt runs, however long its batch waits. Only a
 * lease nobody renewed for {@code idempotency-lease} — its instance died — is taken over. The
 * response is stored only where the holder is still the attempt's own, by a statement that locks
 * the row until the order commits; an attempt that lost its lease therefore rolls back and stores
 * nothing, so an order is placed at most once per key whatever the clocks and timings.
 */
@Repository
class IdempotencyKeys implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);
  /** Renewals and completions lock rows in this order, so they never deadlock each other. */
  private static final Comparator<Claim> LOCK_ORDER =
      Comparator.comparing((Claim c) -> c.key().clientId()).thenComparing(c -> c.key().key());

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final Clock clock;
  private final OrdersProperties properties;

  IdempotencyKeys(JdbcClient jdbc, JdbcTemplate template, Clock clock, OrdersProperties properties) {
    this.jdbc = jdbc;
    this.template = template;
    this.clock = clock;
    this.properties = properties;
  }

  /** A valid key of a client. */
  record Key(String clientId, String key) {}

  /** A key claimed by one attempt of a request; {@code holder} is that attempt's lease. */
  record Claim(Key key, String holder) {}

  /** A response stored for the key earlier; {@code status} 201 for an order, 4xx for a refusal. */
  record Stored(int status, String body) {}

  /** Either a fresh claim or the stored response to replay. */
  record Outcome(Claim claim, Stored replay) {}

  /** The key of {@code clientId}: the calling API key's id ({@code io.tradepost.platform.Caller}). */
  static Key validated(String clientId, String key) {
    new InvalidInput.Check()
        .require(!key.isEmpty() && key.length() <= 255 && key.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
            "Idempotency-Key", "must be 1-255 printable ASCII characters")
        .done();
    return new Key(clientId, key);
  }

  Outcome claim(Key key, String fingerprint) {
    var claim = new Claim(key, UUID.randomUUID().toString());
    for (int attempt = 0; attempt < 3; attempt++) {
      var now = DbTime.now(clock);
      try {
        jdbc.sql("""
                INSERT INTO idempotency_keys (client_id, idem_key, request_hash, holder, created_at, renewed_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
            .params(key.clientId(), key.key(), fingerprint, claim.holder(), DbTime.toDb(now), DbTime.toDb(now))
            .update();
        return new Outcome(claim, null);
      } catch (DuplicateKeyException taken) {
        var existing = jdbc.sql("""
                SELECT request_hash, response_status, response_body, created_at, COALESCE(renewed_at, created_at)
                  FROM idempotency_keys WHERE client_id = ? AND idem_key = ?""")
            .params(key.clientId(), key.key())
            .query((rs, row) -> new Row(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3),
                DbTime.fromDb(rs.getObject(4, LocalDateTime.class)), DbTime.fromDb(rs.getObject(5, LocalDateTime.class))))
            .optional();
        if (existing.isEmpty()) {
          continue;
        }
        var row = existing.get();
        var expiredBefore = now.minus(properties.idempotencyTtl());
        var abandonedBefore = now.minus(properties.idempotencyLease());
        if (row.createdAt().isBefore(expiredBefore) || (row.status() == null && row.renewedAt().isBefore(abandonedBefore))) {
          if (takeOver(claim, fingerprint, now, expiredBefore, abandonedBefore)) {
            return new Outcome(claim, null);
          }
          continue;
        }
        if (!row.hash().equals(fingerprint)) {
          throw OrderProblems.KeyReused.of(key.key());
        }
        if (row.status() == null) {
          throw OrderProblems.KeyInFlight.of(key.key());
        }
        return new Outcome(null, new Stored(row.status(), row.body()));
      }
    }
    throw OrderProblems.KeyInFlight.of(key.key());
  }

  /**
   * Claims an expired key or an abandoned lease. The conditions are checked again under the row's
   * lock: of two retries only one takes the key, and none takes a lease renewed meanwhile or a
   * response stored meanwhile.
   */
  private boolean takeOver(Claim claim, String fingerprint, Instant now, Instant expiredBefore, Instant abandonedBefore) {
    return jdbc.sql("""
            UPDATE idempotency_keys
               SET request_hash = ?, holder = ?, response_status = NULL, response_body = NULL, created_at = ?, renewed_at = ?
             WHERE client_id = ? AND idem_key = ?
               AND (created_at < ? OR (response_status IS NULL AND COALESCE(renewed_at, created_at) < ?))""")
        .params(fingerprint, claim.holder(), DbTime.toDb(now), DbTime.toDb(now), claim.key().clientId(),
            claim.key().key(), DbTime.toDb(expiredBefore), DbTime.toDb(abandonedBefore))
        .update() == 1;
  }

  /**
   * Stores the responses in the transaction that produced them, all in one batch, each only while
   * its attempt still holds the key.
   *
   * @throws OrderProblems.KeyInFlight when an attempt lost its lease to a retry: the transaction
   *     must roll back, as that retry places the order
   */
  @Transactional(propagation = Propagation.MANDATORY)
  void complete(Map<Claim, Stored> responses) {
    if (responses.isEmpty()) {
      return;
    }
    var claims = sorted(responses.keySet());
    var rows = new ArrayList<Object[]>(claims.size());
    for (var claim : claims) {
      var response = responses.get(claim);
      rows.add(new Object[] {response.status(), response.body(), claim.key().clientId(), claim.key().key(), claim.holder()});
    }
    int[] stored = template.batchUpdate("""
        UPDATE idempotency_keys SET response_status = ?, response_body = ?
         WHERE client_id = ? AND idem_key = ? AND holder = ? AND response_status IS NULL""", rows);
    for (int i = 0; i < stored.length; i++) {
      if (stored[i] != 1) {
        throw OrderProblems.KeyInFlight.of(claims.get(i).key().key());
      }
    }
  }

  /** Renews the leases of attempts still running; a lease taken over meanwhile stays with its new holder. */
  void renew(Collection<Claim> held) {
    if (held.isEmpty()) {
      return;
    }
    var now = DbTime.toDb(DbTime.now(clock));
    var rows = new ArrayList<Object[]>(held.size());
    for (var claim : sorted(held)) {
      rows.add(new Object[] {now, claim.key().clientId(), claim.key().key(), claim.holder()});
    }
    template.batchUpdate("""
        UPDATE idempotency_keys SET renewed_at = ?
         WHERE client_id = ? AND idem_key = ? AND holder = ? AND response_status IS NULL""", rows);
  }

  /** Gives a key back when its request failed without a response, so the client may retry. */
  void release(Claim claim) {
    jdbc.sql("DELETE FROM idempotency_keys WHERE client_id = ? AND idem_key = ? AND holder = ? AND response_status IS NULL")
        .params(claim.key().clientId(), claim.key().key(), claim.holder())
        .update();
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(
        new FixedDelayTask(this::purgeExpired, properties.idempotencyPurgeInterval(), Duration.ofMinutes(1)));
  }

  /**
   * Deletes keys older than the TTL, except a lease still being renewed. A failure (the database is
   * away) is logged and the purge runs again at the next interval; the schedule never stops.
   */
  void purgeExpired() {
    var now = DbTime.now(clock);
    try {
      int purged = jdbc.sql("""
              DELETE FROM idempotency_keys
               WHERE created_at < ? AND (response_status IS NOT NULL OR COALESCE(renewed_at, created_at) < ?)""")
          .params(DbTime.toDb(now.minus(properties.idempotencyTtl())), DbTime.toDb(now.minus(properties.idempotencyLease())))
          .update();
      if (purged > 0) {
        log.info("Purged {} expired idempotency keys", purged);
      }
    } catch (RuntimeException e) {
      log.warn("Purging expired idempotency keys failed, trying again in {}: {}",
          properties.idempotencyPurgeInterval(), e.toString());
    }
  }

  private static List<Claim> sorted(Collection<Claim> claims) {
    return claims.stream().sorted(LOCK_ORDER).toList();
  }

  private record Row(String hash, Integer status, String body, Instant createdAt, Instant renewedAt) {}
}
