package io.tradepost.security;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code api_keys} table. */
class ApiKeys {

  private static final String COLUMNS =
      "id, name, secret_hash, scopes, rate, burst, created_at, expires_at, revoked_at, last_used_at";
  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  ApiKeys(JdbcClient jdbc, JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
  }

  void insert(ApiKey key) {
    jdbc.sql("INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)")
        .params(key.id(), key.name(), key.secretHash(),
            key.scopes().stream().map(Scope::value).sorted().collect(Collectors.joining(",")),
            key.rate() == null ? null : key.rate().text(), key.rate() == null ? null : key.rate().burst(),
            DbTime.toDb(key.createdAt()), DbTime.toDb(key.expiresAt()))
        .update();
  }

  /** Every key, revoked and expired ones included, oldest first. */
  List<ApiKey> all() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id").query(ApiKeys::read).list();
  }

  /** Revokes the key; false when there is no such key (revoking twice keeps the first time). */
  boolean revoke(String id, Instant now) {
    jdbc.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .params(DbTime.toDb(now), id).update();
    return jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE id = ?").param(id).query(Long.class).single() > 0;
  }

  /** Records when keys were last used: one batched statement. */
  void touch(Map<String, Instant> lastUsed) {
    template.batchUpdate("UPDATE api_keys SET last_used_at = ? WHERE id = ?", lastUsed.entrySet().stream()
        .map(e -> new Object[] {DbTime.toDb(e.getValue()), e.getKey()}).toList());
  }

  private static ApiKey read(ResultSet rs, int row) throws SQLException {
    var rate = rs.getString("rate");
    var scopes = Arrays.stream(rs.getString("scopes").split(",")).map(Scope::grantable)
        .flatMap(Optional::stream).collect(Collectors.toSet());
    return new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("secret_hash"), scopes,
        rate == null ? null : Rate.parse(rate, rs.getInt("burst")), instant(rs, "created_at"),
        instant(rs, "expires_at"), instant(rs, "revoked_at"), instant(rs, "last_used_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return DbTime.fromDb(rs.getObject(column, LocalDateTime.class));
  }
}
