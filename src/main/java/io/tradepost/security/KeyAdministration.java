package io.tradepost.security;

import io.tradepost.platform.Scope;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * API keys for other modules (the operators' dashboard): list, create and revoke, with the checks of
 * {@code /api/v1/keys}. Every instance sees a change within its key ring's refresh.
 */
@Service
public class KeyAdministration {

  private final KeyRegistry registry;
  private final KeyRing ring;

  KeyAdministration(KeyRegistry registry, KeyRing ring) {
    this.registry = registry;
    this.ring = ring;
  }

  /** A key as listed: never its secret. */
  public record Key(String id, String name, List<String> scopes, Instant createdAt, Instant expiresAt,
      Instant revokedAt, Instant lastUsedAt) {}

  /** A created key; {@code secret} is the whole key, shown this once. */
  public record Created(String secret, Key key) {}

  /** Every scope a key can be given. */
  public static List<String> grantableScopes() {
    return Arrays.stream(Scope.values()).filter(s -> s != Scope.PUBLIC).map(Scope::value).toList();
  }

  public List<Key> list() {
    return registry.list().stream().map(KeyAdministration::view).toList();
  }

  /** 400 {@code VALIDATION_FAILED} for a bad name, no scope or an unknown one; {@code expires} like {@code 90d}, or null. */
  public Created create(String name, List<String> scopes, String expires) {
    var created = registry.create(KeyRegistry.NewKey.parse(name, scopes, null, null, expires));
    ring.refresh();
    return new Created(created.secretKey(), view(created.key()));
  }

  /** 404 when there is no such key. */
  public void revoke(String id) {
    registry.revoke(id);
    ring.refresh();
  }

  private static Key view(ApiKey key) {
    return new Key(key.id(), key.name(), key.scopes().stream().map(Scope::value).sorted().toList(),
        key.createdAt(), key.expiresAt(), key.revokedAt(), key.lastUsedAt());
  }
}
