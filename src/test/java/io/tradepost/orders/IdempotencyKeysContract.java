package io.tradepost.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tradepost.platform.DomainException;
import io.tradepost.support.MigratedDatabase;
import io.tradepost.support.RequiresDatabase;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

/** Idempotency keys on one real database (a subclass per database), with Flyway and the dialect only. */
abstract class IdempotencyKeysContract {

  MigratedDatabase db;
  IdempotencyKeys keys;
  /** What the keys store of a request: its fingerprint. */
  static final String ONE_LAMP = new PlaceOrder("p-lamp", 1, "b-1").fingerprint();
  static final String TWO_LAMPS = new PlaceOrder("p-lamp", 2, "b-1").fingerprint();

  final String client = "client-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void keys() {
    db = MigratedDatabase.of(getClass().getAnnotation(RequiresDatabase.class).value());
    var properties = new Binder(List.of()).bindOrCreate("tradepost.orders", OrdersProperties.class);
    keys = new IdempotencyKeys(db.jdbc, db.template, Clock.systemUTC(), properties);
  }

  @Test
  void aKeyIsClaimedOnceAndItsStoredResponseIsReplayed() {
    var key = new IdempotencyKeys.Key(client, "k-1");
    var first = keys.claim(key, ONE_LAMP);

    assertThat(first.claim()).isNotNull();
    assertThat(code(() -> keys.claim(key, ONE_LAMP))).as("while the first runs").isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT");

    var response = new IdempotencyKeys.Stored(201, "{\"id\":\"o-1\"}");
    db.transaction.executeWithoutResult(status -> keys.complete(Map.of(first.claim(), response)));

    var again = keys.claim(key, ONE_LAMP);
    assertThat(again.claim()).isNull();
    assertThat(again.replay()).isEqualTo(response);
    assertThat(code(() -> keys.claim(key, TWO_LAMPS))).isEqualTo("IDEMPOTENCY_KEY_REUSED");
  }

  @Test
  void aKeyBelongsToItsClientAndAReleasedKeyIsFreeAgain() {
    var mine = keys.claim(new IdempotencyKeys.Key(client, "k-2"), ONE_LAMP);

    assertThat(keys.claim(new IdempotencyKeys.Key(client + "-other", "k-2"), ONE_LAMP).claim())
        .as("another client's key of the same name").isNotNull();

    keys.release(mine.claim());
    assertThat(keys.claim(new IdempotencyKeys.Key(client, "k-2"), TWO_LAMPS).claim()).isNotNull();
  }

  @Test
  void aResponseIsStoredOnlyWhileItsAttemptHoldsTheKey() {
    var key = new IdempotencyKeys.Key(client, "k-3");
    var lost = keys.claim(key, ONE_LAMP).claim();
    keys.release(lost);
    var retry = keys.claim(key, ONE_LAMP).claim();

    assertThat(code(() -> db.transaction.executeWithoutResult(status ->
        keys.complete(Map.of(lost, new IdempotencyKeys.Stored(201, "{}")))))).isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT");

    db.transaction.executeWithoutResult(status -> keys.complete(Map.of(retry, new IdempotencyKeys.Stored(409, "{}"))));
    assertThat(keys.claim(key, ONE_LAMP).replay().status()).isEqualTo(409);
  }

  private static String code(Runnable call) {
    return catchThrowableOfType(DomainException.class, call::run).code();
  }
}
