package io.tradepost.security;

import io.tradepost.platform.Scope;
import java.time.Instant;
import java.util.Set;

/**
 * An API key as stored: never its secret, only the secret's hash.
 *
 * @param rate its own rate, or null for the default
 */
record ApiKey(String id, String name, String secretHash, Set<Scope> scopes, Rate rate, Instant createdAt,
    Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

  ApiKey {
    scopes = Set.copyOf(scopes);
  }

  boolean grants(Scope scope) {
    return scope == Scope.PUBLIC || scopes.contains(Scope.ADMIN) || scopes.contains(scope);
  }

  boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
