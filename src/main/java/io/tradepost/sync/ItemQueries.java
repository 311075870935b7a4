package io.tradepost.sync;

import io.tradepost.platform.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads {@code sync_items}; removed items only when asked for. */
@Component
class ItemQueries {

  private static final String COLUMNS =
      "id, source, external_id, title, body, attributes, created_at, updated_at, removed_at";
  private final JdbcClient jdbc;

  ItemQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Items of {@code source} not removed upstream. */
  long current(String source) {
    return jdbc.sql("SELECT COUNT(*) FROM sync_items WHERE source = ? AND removed_at IS NULL")
        .param(source).query(Long.class).single();
  }

  ItemView.Page page(String source, boolean includeRemoved, int limit, long offset) {
    var where = new StringBuilder(" WHERE 1 = 1");
    var params = new ArrayList<Object>();
    if (source != null) {
      where.append(" AND source = ?");
      params.add(source);
    }
    if (!includeRemoved) {
      where.append(" AND removed_at IS NULL");
    }
    long total = jdbc.sql("SELECT COUNT(*) FROM sync_items" + where).params(params).query(Long.class).single();
    params.add(limit);
    params.add(offset);
    var items = total == 0 ? new ArrayList<ItemView>() : new ArrayList<>(
        jdbc.sql("SELECT " + COLUMNS + " FROM sync_items" + where + " ORDER BY id LIMIT ? OFFSET ?")
            .params(params).query(ItemQueries::row).list());
    return new ItemView.Page(items, total);
  }

  Optional<ItemView> find(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM sync_items WHERE id = ?").param(id).query(ItemQueries::row).optional();
  }

  Optional<ItemView> findByExternalId(String source, String externalId) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM sync_items WHERE source = ? AND external_id = ? AND removed_at IS NULL")
        .params(source, externalId).query(ItemQueries::row).optional();
  }

  private static ItemView row(ResultSet rs, int n) throws SQLException {
    return new ItemView(rs.getLong("id"), rs.getString("source"), rs.getString("external_id"),
        rs.getString("title"), rs.getString("body"), rs.getString("attributes"),
        DbTime.fromDb(rs.getObject("created_at", LocalDateTime.class)),
        DbTime.fromDb(rs.getObject("updated_at", LocalDateTime.class)),
        DbTime.fromDb(rs.getObject("removed_at", LocalDateTime.class)));
  }
}
