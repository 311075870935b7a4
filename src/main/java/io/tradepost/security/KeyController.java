package io.tradepost.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "security")
class KeyController {

  private final KeyRegistry registry;
  private final KeyRing ring;

  KeyController(KeyRegistry registry, KeyRing ring) {
    this.registry = registry;
    this.ring = ring;
  }

  /** {@code expires} is a lifetime ({@code 90d}); {@code rate} {@code 50/s}, {@code burst} its bucket size. */
  record CreateKey(String name, List<String> scopes, String rate, Long burst, String expires) {}

  /** A key as listed: never its secret. */
  record KeyView(String id, String name, List<String> scopes, String rate, Long burst, Instant createdAt,
      Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

    static KeyView of(ApiKey key) {
      return new KeyView(key.id(), key.name(), key.scopes().stream().map(Scope::value).sorted().toList(),
          key.rate() == null ? null : key.rate().text(), key.rate() == null ? null : key.rate().burst(),
          key.createdAt(), key.expiresAt(), key.revokedAt(), key.lastUsedAt());
    }
  }

  /** The created key with the whole key in {@code key}, shown this once. */
  record CreatedKey(String key, KeyView details) {}

  @RequiresScope(Scope.ADMIN)
  @PostMapping(path = "/api/v1/keys", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Create an API key; the response holds the whole key, shown this once")
  @ApiResponse(responseCode = "201", description = "Created; `key` is the whole key, never shown again")
  ResponseEntity<CreatedKey> create(@RequestBody CreateKey body) {
    var created = registry.create(
        KeyRegistry.NewKey.parse(body.name(), body.scopes(), body.rate(), body.burst(), body.expires()));
    ring.refresh();
    return ResponseEntity.created(URI.create("/api/v1/keys/" + created.key().id()))
        .body(new CreatedKey(created.secretKey(), KeyView.of(created.key())));
  }

  @RequiresScope(Scope.ADMIN)
  @GetMapping("/api/v1/keys")
  @Operation(summary = "Every API key, revoked and expired ones included, without secrets")
  List<KeyView> list() {
    return registry.list().stream().map(KeyView::of).toList();
  }

  @RequiresScope(Scope.ADMIN)
  @DeleteMapping("/api/v1/keys/{id}")
  @Operation(summary = "Revoke an API key: refused on every instance within 5 s")
  ResponseEntity<Void> revoke(@PathVariable String id) {
    registry.revoke(id);
    ring.refresh();
    return ResponseEntity.noContent().build();
  }
}
