package io.tradepost.orders;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.InvalidInput;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code Idempotency-Key} handling. A key is claimed (committed at once) before the order is
 * placed; the response is written into the claim in the order's own transaction, so a key either
 * has its final response or is still in flight. Same key and body: the stored response again. Same
 * key, other body: 422. Still in flight: 409. Keys live {@code idempotency-ttl}.
 */
@Repository
class IdempotencyKeys {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);
  private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  static final String ANONYMOUS = "anonymous";

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

  /** A key claimed by this request. */
  record Claim(String clientId, String key) {}

  /** A response stored for the key earlier; {@code status} 201 for an order, 4xx for a refusal. */
  record Stored(int status, String body) {}

  /** Either a fresh claim or the stored response to replay. */
  record Outcome(Claim claim, Stored replay) {}

  static Claim validated(String clientId, String key) {
    var client = clientId == null ? ANONYMOUS : clientId;
    new InvalidInput.Check()
        .require(!key.isEmpty() && key.length() <= 255 && key.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
            "Idempotency-Key", "must be 1-255 printable ASCII characters")
        .require(CLIENT.matcher(client).matches(), "X-Client-Id", "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'")
        .done();
    return new Claim(client, key);
  }

  Outcome claim(Claim claim, String fingerprint) {
    for (int attempt = 0; attempt < 3; attempt++) {
      var now = DbTime.now(clock);
      try {
        jdbc.sql("INSERT INTO idempotency_keys (client_id, idem_key, request_hash, created_at) VALUES (?, ?, ?, ?)")
            .params(claim.clientId(), claim.key(), fingerprint, DbTime.toDb(now))
            .update();
        return new Outcome(claim, null);
      } catch (DuplicateKeyException taken) {
        var existing = jdbc.sql("""
                SELECT request_hash, response_status, response_body, created_at FROM idempotency_keys
                 WHERE client_id = ? AND idem_key = ?""")
            .params(claim.clientId(), claim.key())
            .query((rs, row) -> new Row(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3),
                DbTime.fromDb(rs.getObject(4, LocalDateTime.class))))
            .optional();
        if (existing.isEmpty()) {
          continue;
        }
        var row = existing.get();
        boolean abandoned = row.status() == null
            && row.createdAt().isBefore(now.minus(properties.idempotencyInFlightTimeout()));
        if (row.createdAt().isBefore(now.minus(properties.idempotencyTtl())) || abandoned) {
          forget(claim, row.createdAt());
          continue;
        }
        if (!row.hash().equals(fingerprint)) {
          throw OrderProblems.KeyReused.of(claim.key());
        }
        if (row.status() == null) {
          throw OrderProblems.KeyInFlight.of(claim.key());
        }
        return new Outcome(null, new Stored(row.status(), row.body()));
      }
    }
    throw OrderProblems.KeyInFlight.of(claim.key());
  }

  /** Stores the responses in the transaction that produced them, all in one batch. */
  @Transactional(propagation = Propagation.MANDATORY)
  void complete(Map<Claim, Stored> responses) {
    if (responses.isEmpty()) {
      return;
    }
    var rows = new ArrayList<Object[]>(responses.size());
    responses.forEach((claim, response) ->
        rows.add(new Object[] {response.status(), response.body(), claim.clientId(), claim.key()}));
    template.batchUpdate(
        "UPDATE idempotency_keys SET response_status = ?, response_body = ? WHERE client_id = ? AND idem_key = ?",
        rows);
  }

  /** Gives a key back when its request failed without a response, so the client may retry. */
  void release(Claim claim) {
    jdbc.sql("DELETE FROM idempotency_keys WHERE client_id = ? AND idem_key = ? AND response_status IS NULL")
        .params(claim.clientId(), claim.key())
        .update();
  }

  private void forget(Claim claim, Instant createdAt) {
    jdbc.sql("DELETE FROM idempotency_keys WHERE client_id = ? AND idem_key = ? AND created_at = ?")
        .params(claim.clientId(), claim.key(), DbTime.toDb(createdAt))
        .update();
  }

  @Scheduled(fixedDelayString = "${tradepost.orders.idempotency-purge-interval:1h}", initialDelayString = "1m")
  void purgeExpired() {
    int purged = jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < ?")
        .param(DbTime.toDb(DbTime.now(clock).minus(properties.idempotencyTtl())))
        .update();
    if (purged > 0) {
      log.info("Purged {} expired idempotency keys", purged);
    }
  }

  private record Row(String hash, Integer status, String body, Instant createdAt) {}
}
