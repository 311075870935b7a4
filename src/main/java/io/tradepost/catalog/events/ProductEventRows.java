package io.tradepost.catalog.events;

import io.tradepost.platform.MultiRowInsert;
import io.tradepost.platform.PostgresCopy;
import io.tradepost.platform.SqlDialect;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rows of {@code product_events}, written in the current transaction by both transports: the inbox
 * ({@link EventInbox}) as it accepts events, the Kafka consumers ({@link DeliveredEvents}) as they
 * apply them. {@code COPY} on PostgreSQL, which costs both sides less than a multi-row insert of the
 * same rows; a multi-row insert elsewhere. Each row holds, in order, {@link #COLUMNS}.
 */
final class ProductEventRows {

  static final String[] COLUMNS = {"seq", "product_id", "event_id", "name", "merchant_id", "price", "stock",
      "received_at"};
  private static final MultiRowInsert INSERT = new MultiRowInsert("product_events", COLUMNS);
  private static final PostgresCopy COPY = new PostgresCopy("product_events", COLUMNS);

  private ProductEventRows() {}

  static void insert(SqlDialect dialect, DataSource dataSource, JdbcClient jdbc, List<Object[]> rows) {
    if (dialect == SqlDialect.POSTGRESQL) {
      COPY.copy(dataSource, rows);
    } else {
      INSERT.insert(jdbc, rows);
    }
  }
}
