package io.tradepost.catalog.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;

/** An event as an applier reads it from the inbox: absent fields are null. */
record InboxEvent(long seq, String productId, String name, String merchantId, Long price, Long stock,
    LocalDateTime receivedAt) {

  /** Reads the columns {@code seq, product_id, name, merchant_id, price, stock, received_at}. */
  static InboxEvent read(ResultSet rs, int row) throws SQLException {
    return new InboxEvent(rs.getLong("seq"), rs.getString("product_id"), rs.getString("name"),
        rs.getString("merchant_id"), rs.getObject("price", Long.class), rs.getObject("stock", Long.class),
        rs.getObject("received_at", LocalDateTime.class));
  }
}
