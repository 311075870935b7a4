package io.tradepost.catalog.migration;

import io.tradepost.platform.SqlDialect;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.stereotype.Component;

/**
 * Migration 6: unapplied events are listed in a work queue, {@code product_events_pending} (ranges
 * of consecutive sequences, see {@code events.EventInbox}), and no index of {@code product_events} mentions
 * {@code applied_at} any more. Each event was written three times with all five indexes maintained
 * (insert, the applier's row lock, the {@code applied_at} update, never HOT because the column was
 * indexed); now marking it applied touches no index. Events unapplied at migration time are queued,
 * a range each. On PostgreSQL the unique index on {@code event_id} becomes partial as well.
 *
 * <p>Measured with bench/events' batch load on PostgreSQL (2 cores): intake alone went from ~89,000
 * to ~140,000 events/s, applying alone (no intake) from ~19,000 to ~77,000 events/s; with a fill
 * factor of 100 the {@code applied_at} update found no room on its page and applying managed ~51,000.
 * A Java migration because dropping an index is spelled differently on MariaDB, and only PostgreSQL
 * has partial indexes (migration 5's among them) and a fill factor.
 */
@Component
class V6PendingEventsQueue extends CatalogMigration {

  /**
   * Leaves room on each page for the {@code applied_at} update, so it stays on the page (HOT) and
   * touches no index. An applier marks a whole page's events in one transaction, before any old
   * version can be pruned: the page must hold every row twice.
   */
  private static final int POSTGRES_FILL_FACTOR = 50;

  V6PendingEventsQueue(SqlDialect dialect) {
    super("6", "pending events queue", dialect);
  }

  @Override
  void migrate(Statement statement) throws SQLException {
    statement.execute("""
        CREATE TABLE product_events_pending (
          first_seq BIGINT NOT NULL PRIMARY KEY,
          last_seq  BIGINT NOT NULL
        )""");
    statement.execute("""
        INSERT INTO product_events_pending (first_seq, last_seq)
        SELECT seq, seq FROM product_events WHERE applied_at IS NULL""");
    switch (dialect) {
      case POSTGRESQL -> {
        statement.execute("DROP INDEX product_events_unapplied");
        statement.execute("DROP INDEX product_events_by_applied");
        statement.execute("ALTER TABLE product_events SET (fillfactor = " + POSTGRES_FILL_FACTOR + ")");
        // Most events carry no event_id: an index of only those that do costs them nothing.
        statement.execute("""
            CREATE UNIQUE INDEX product_events_by_given_event_id ON product_events (event_id)
             WHERE event_id IS NOT NULL""");
        statement.execute("DROP INDEX product_events_by_event_id");
      }
      case H2 -> statement.execute("DROP INDEX product_events_by_applied");
      case MARIADB -> statement.execute("DROP INDEX product_events_by_applied ON product_events");
    }
  }
}
