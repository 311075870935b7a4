package io.tradepost.orders;

import io.tradepost.catalog.Product;
import io.tradepost.catalog.ProductView;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.MultiRowInsert;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OrderRepository {

  private static final MultiRowInsert INSERT = new MultiRowInsert("orders", "id", "product_id", "merchant_id",
      "buyer_id", "quantity", "unit_price", "total_cents", "status", "created_at", "updated_at");
  private static final String COLUMNS =
      "o.id, o.product_id, o.merchant_id, o.buyer_id, o.quantity, o.unit_price, o.total_cents, o.status, "
          + "o.created_at, o.updated_at";
  private static final String WITH_PRODUCT = "SELECT " + COLUMNS
      + ", p.name AS p_name, p.merchant_id AS p_merchant_id, p.price AS p_price, p.stock AS p_stock,"
      + " p.version AS p_version, p.updated_at AS p_updated_at"
      + " FROM orders o LEFT JOIN products p ON p.id = o.product_id";

  private final JdbcClient jdbc;

  OrderRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insertAll(List<Order> orders) {
    INSERT.insert(jdbc, orders.stream()
        .map(o -> new Object[] {o.id(), o.productId(), o.merchantId(), o.buyerId(), o.quantity(), o.unitPrice(),
            o.totalCents(), o.status().name(), DbTime.toDb(o.createdAt()), DbTime.toDb(o.updatedAt())})
        .toList());
  }

  Optional<Order> findForUpdate(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM orders o WHERE o.id = ? FOR UPDATE")
        .param(id)
        .query(OrderRepository::order)
        .optional();
  }

  Optional<OrderView> findView(String id) {
    return jdbc.sql(WITH_PRODUCT + " WHERE o.id = ?").param(id).query(OrderRepository::view).optional();
  }

  /** Moves an order between two statuses; false when it was no longer in {@code from}. */
  boolean changeStatus(String id, OrderStatus from, OrderStatus to, Instant at) {
    return jdbc.sql("UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = ?")
        .params(to.name(), DbTime.toDb(at), id, from.name())
        .update() == 1;
  }

  List<OrderView> list(Filter filter, int limit, long offset) {
    var params = new ArrayList<Object>(filter.params());
    params.add(limit);
    params.add(offset);
    return jdbc.sql(WITH_PRODUCT + filter.where() + " ORDER BY o.created_at DESC, o.id DESC LIMIT ? OFFSET ?")
        .params(params)
        .query(OrderRepository::view)
        .list();
  }

  long count(Filter filter) {
    return jdbc.sql("SELECT COUNT(*) FROM orders o" + filter.where()).params(filter.params()).query(Long.class)
        .single();
  }

  /** Optional filters of the order list. */
  record Filter(String buyerId, OrderStatus status) {
    String where() {
      var conditions = new ArrayList<String>();
      if (buyerId != null) {
        conditions.add("o.buyer_id = ?");
      }
      if (status != null) {
        conditions.add("o.status = ?");
      }
      return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    List<Object> params() {
      var params = new ArrayList<Object>();
      if (buyerId != null) {
        params.add(buyerId);
      }
      if (status != null) {
        params.add(status.name());
      }
      return params;
    }
  }

  private static Order order(ResultSet rs, int row) throws SQLException {
    return new Order(rs.getString("id"), rs.getString("product_id"), rs.getString("merchant_id"),
        rs.getString("buyer_id"), rs.getLong("quantity"), rs.getLong("unit_price"), rs.getLong("total_cents"),
        OrderStatus.valueOf(rs.getString("status")), instant(rs, "created_at"), instant(rs, "updated_at"));
  }

  private static OrderView view(ResultSet rs, int row) throws SQLException {
    var order = order(rs, row);
    ProductView product = null;
    if (rs.getObject("p_updated_at") != null) {
      product = ProductView.of(new Product(order.productId(), rs.getString("p_name"), rs.getString("p_merchant_id"),
          rs.getLong("p_price"), rs.getLong("p_stock"), rs.getLong("p_version"), instant(rs, "p_updated_at")));
    }
    return OrderView.of(order, product);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return DbTime.fromDb(rs.getObject(column, LocalDateTime.class));
  }
}
