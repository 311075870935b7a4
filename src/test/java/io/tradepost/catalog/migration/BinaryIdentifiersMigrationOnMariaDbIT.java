package io.tradepost.catalog.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradepost.platform.SqlDialect;
import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A MariaDB database at migration 8 upgrades in place to ids that compare byte for byte: its rows,
 * primary keys and indexes are kept, and ids that differ only in case become distinct. In a database
 * of its own, so the other tests' database is left alone.
 */
@RequiresDatabase(TestDatabase.MARIADB)
class BinaryIdentifiersMigrationOnMariaDbIT {

  final JdbcClient server = JdbcClient.create(new DriverManagerDataSource(
      TestDatabase.MARIADB.url, TestDatabase.MARIADB.user, TestDatabase.MARIADB.password));
  final String database = server.sql("SELECT DATABASE()").query(String.class).single() + "_upgraded";
  final DriverManagerDataSource dataSource = new DriverManagerDataSource(
      TestDatabase.MARIADB.url.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1"),
      TestDatabase.MARIADB.user, TestDatabase.MARIADB.password);
  final JdbcClient jdbc = JdbcClient.create(dataSource);

  @AfterEach
  void dropDatabase() {
    server.sql("DROP DATABASE IF EXISTS " + database).update();
  }

  @Test
  void idsThatDifferOnlyInCaseBecomeDistinctAndRowsKeysAndIndexesAreKept() {
    dropDatabase();
    server.sql("CREATE DATABASE " + database).update();
    flyway(MigrationVersion.fromVersion("8")).migrate();
    jdbc.sql("""
        INSERT INTO products (id, merchant_id, price, stock, created_at, updated_at)
        VALUES ('CaseProbe', 'm1', 100, 3, NOW(6), NOW(6))""").update();
    jdbc.sql("""
        INSERT INTO idempotency_keys (client_id, idem_key, request_hash, created_at)
        VALUES ('c1', 'Key-1', REPEAT('a', 64), NOW(6))""").update();
    var indexesBefore = indexes();

    assertThat(flyway(MigrationVersion.LATEST).migrate().success).isTrue();

    assertThat(indexes()).containsAll(indexesBefore);
    assertThat(jdbc.sql("""
            SELECT DISTINCT collation_name FROM information_schema.columns
             WHERE table_schema = DATABASE() AND (table_name, column_name) IN (('products', 'id'),
                   ('product_events', 'event_id'), ('orders', 'buyer_id'), ('idempotency_keys', 'idem_key'),
                   ('settlement_lines', 'merchant_id'), ('product_events_dead', 'product_id'))""")
        .query(String.class).list()).containsExactly("utf8mb4_nopad_bin");
    assertThat(jdbc.sql("SELECT stock FROM products WHERE id = 'CaseProbe'").query(Long.class).single()).isEqualTo(3);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM products WHERE id = 'caseprobe'").query(Long.class).single()).isZero();
    jdbc.sql("""
        INSERT INTO products (id, price, stock, created_at, updated_at)
        VALUES ('caseprobe', 0, 7, NOW(6), NOW(6))""").update();
    jdbc.sql("""
        INSERT INTO idempotency_keys (client_id, idem_key, request_hash, created_at)
        VALUES ('c1', 'key-1', REPEAT('b', 64), NOW(6))""").update();
    assertThatThrownBy(() -> jdbc.sql("""
        INSERT INTO products (id, price, stock, created_at, updated_at)
        VALUES ('CaseProbe', 0, 1, NOW(6), NOW(6))""").update())
        .as("the primary key still holds").isInstanceOf(DuplicateKeyException.class);
    jdbc.sql("INSERT INTO product_events (seq, product_id, event_id, received_at) VALUES (1, 'p', 'E-1', NOW(6))").update();
    jdbc.sql("INSERT INTO product_events (seq, product_id, event_id, received_at) VALUES (2, 'p', 'e-1', NOW(6))").update();
    assertThatThrownBy(() -> jdbc.sql(
        "INSERT INTO product_events (seq, product_id, event_id, received_at) VALUES (3, 'p', 'e-1', NOW(6))").update())
        .as("a repeated event_id is still refused").isInstanceOf(DuplicateKeyException.class);
  }

  private List<String> indexes() {
    return jdbc.sql("""
            SELECT CONCAT(table_name, '.', index_name, '(', GROUP_CONCAT(column_name ORDER BY seq_in_index), ')',
                          IF(non_unique = 0, ' unique', ''))
              FROM information_schema.statistics WHERE table_schema = DATABASE()
             GROUP BY table_name, index_name, non_unique""")
        .query(String.class).list();
  }

  private Flyway flyway(MigrationVersion target) {
    var dialect = SqlDialect.MARIADB;
    return Flyway.configure()
        .dataSource(dataSource)
        .placeholders(dialect.placeholders())
        .javaMigrations(EventMigrationsIT.javaMigrations(dialect))
        .target(target)
        .load();
  }
}
