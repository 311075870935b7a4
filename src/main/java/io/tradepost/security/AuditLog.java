package io.tradepost.security;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.MultiRowInsert;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code audit_events} table. */
class AuditLog {

  private static final MultiRowInsert INSERT = new MultiRowInsert("audit_events",
      "at", "key_id", "address", "method", "route", "resource_id", "status");
  private final JdbcClient jdbc;

  AuditLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void append(List<AuditRecord> records) {
    INSERT.insert(jdbc, records.stream().map(r -> new Object[] {DbTime.toDb(r.at()), r.keyId(), r.address(),
        r.method(), r.route(), r.resourceId(), r.status()}).toList());
  }

  /** The newest records first, optionally from {@code since} on and of one key. */
  List<AuditRecord> recent(int limit, Instant since, String keyId) {
    var where = new ArrayList<String>();
    var params = new ArrayList<Object>();
    if (since != null) {
      where.add("at >= ?");
      params.add(DbTime.toDb(since));
    }
    if (keyId != null) {
      where.add("key_id = ?");
      params.add(keyId);
    }
    var sql = "SELECT at, key_id, address, method, route, resource_id, status FROM audit_events"
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY at DESC, id DESC LIMIT ?";
    params.add(limit);
    return jdbc.sql(sql).params(params).query((rs, row) -> new AuditRecord(
        DbTime.fromDb(rs.getObject("at", LocalDateTime.class)), rs.getString("key_id"), rs.getString("address"),
        rs.getString("method"), rs.getString("route"), rs.getString("resource_id"), rs.getInt("status"))).list();
  }
}
