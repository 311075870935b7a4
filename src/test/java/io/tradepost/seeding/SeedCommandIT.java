package io.tradepost.seeding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tradepost.TradepostApplication;
import io.tradepost.ledger.FeePolicy;
import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jobrunr.server.BackgroundJobServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Runs the {@code seed} command in-process. The database is chosen the way a user would: by passing
 * {@code --tradepost.db.url=...} after the seed flags. Each H2 test gets its own in-memory database,
 * kept open with {@code DB_CLOSE_DELAY=-1} so the rows can be read after the command has closed its
 * context.
 */
class SeedCommandIT {

  @Test
  void seedsExactlyTheRowsAskedForWithinTheirRanges() {
    var db = freshH2();
    // 120,000 sales span three chunks, so chunk boundaries are crossed; a non-default fee shows the
    // configured FeePolicy is the one applied.
    int exit = seed(db, "--products", "50", "--orders", "3000", "--transactions", "120000", "--merchants", "5",
        "--days", "7", "--tradepost.ledger.fee-percent=5.5", "--tradepost.ledger.fee-fixed=0.10");

    assertThat(exit).isZero();
    var jdbc = jdbc(db);
    assertThat(count(jdbc, "products")).isEqualTo(50);
    assertThat(count(jdbc, "orders")).isEqualTo(3000);
    assertThat(count(jdbc, "ledger_transactions")).isEqualTo(120_000);

    assertThat(single(jdbc, """
        SELECT COUNT(*) FROM products
         WHERE price NOT BETWEEN 100 AND 49999 OR stock NOT BETWEEN 0 AND 1000
            OR version <> 1 OR last_event_seq <> 0
            OR merchant_id NOT IN ('merchant_001', 'merchant_002', 'merchant_003', 'merchant_004', 'merchant_005')
        """)).isZero();
    assertThat(jdbc.sql("SELECT id FROM products ORDER BY id").query(String.class).list())
        .first().isEqualTo("seed-p-000001");

    var fees = new FeePolicy(550, 10);
    var sales = jdbc.sql("SELECT merchant_id, kind, amount, fee, order_id FROM ledger_transactions")
        .query((rs, row) -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
            rs.getString(5)})
        .list();
    assertThat(sales).allSatisfy(sale -> {
      assertThat(sale[0]).isIn("merchant_001", "merchant_002", "merchant_003", "merchant_004", "merchant_005");
      assertThat(sale[1]).isEqualTo("SALE");
      assertThat((long) sale[2]).isBetween(100L, 49_999L);
      assertThat((long) sale[3]).isEqualTo(fees.feeFor((long) sale[2]));
      assertThat(sale[4]).isNull();
    });

    // Orders take price and merchant from their product; totals add up; both statuses are there.
    assertThat(single(jdbc, """
        SELECT COUNT(*) FROM orders o JOIN products p ON p.id = o.product_id
         WHERE o.unit_price = p.price AND o.merchant_id = p.merchant_id
           AND o.total_cents = o.unit_price * o.quantity AND o.quantity BETWEEN 1 AND 5
           AND o.created_at = o.updated_at
        """)).isEqualTo(3000);
    var statuses = jdbc.sql("SELECT status, COUNT(*) FROM orders GROUP BY status")
        .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).list();
    assertThat(statuses).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("CONFIRMED", "CANCELLED");
    assertThat(statuses).filteredOn(s -> s.getKey().equals("CANCELLED"))
        .singleElement().satisfies(s -> assertThat(s.getValue()).isBetween(200L, 400L));
    assertThat(single(jdbc, "SELECT COUNT(DISTINCT buyer_id) FROM orders")).isBetween(250L, 300L);
    assertThat(jdbc.sql("SELECT id FROM orders").query(String.class).list())
        .allSatisfy(id -> assertThat(UUID.fromString(id).toString()).isEqualTo(id));

    // Everything lies in the last 7 days before today (UTC), sales in the order they were inserted.
    var now = LocalDateTime.now(ZoneOffset.UTC);
    for (var column : List.of("orders.created_at", "ledger_transactions.occurred_at")) {
      var table = column.substring(0, column.indexOf('.'));
      var range = jdbc.sql("SELECT MIN(" + column + "), MAX(" + column + ") FROM " + table)
          .query((rs, row) -> List.of(rs.getObject(1, LocalDateTime.class), rs.getObject(2, LocalDateTime.class)))
          .single();
      assertThat(range.get(0)).isAfterOrEqualTo(now.toLocalDate().minusDays(8).atStartOfDay());
      assertThat(range.get(1)).isBefore(now);
    }
    var times = jdbc.sql("SELECT occurred_at FROM ledger_transactions ORDER BY id")
        .query(LocalDateTime.class).list();
    assertThat(times).isSorted();
  }

  @Test
  void theSameSeedGivesTheSameRowsAndAnotherSeedDoesNot() {
    var first = freshH2();
    var second = freshH2();
    var other = freshH2();
    String[] flags = {"--products", "20", "--orders", "500", "--transactions", "60000", "--random-seed", "7"};

    assertThat(seed(first, flags)).isZero();
    assertThat(seed(second, flags)).isZero();
    assertThat(seed(other, "--products", "20", "--orders", "500", "--transactions", "60000", "--random-seed",
        "8")).isZero();

    assertThat(ledgerSums(jdbc(second))).isEqualTo(ledgerSums(jdbc(first)));
    assertThat(orderIds(jdbc(second))).hasSize(500).isEqualTo(orderIds(jdbc(first)));
    assertThat(ledgerSums(jdbc(other))).isNotEqualTo(ledgerSums(jdbc(first)));
    assertThat(orderIds(jdbc(other))).doesNotContainAnyElementsOf(orderIds(jdbc(first)));
  }

  @Test
  void seedingAgainLeavesExistingProductsAndOrdersAloneAndAddsTheRest() {
    var db = freshH2();
    assertThat(seed(db, "--products", "10", "--orders", "40")).isZero();
    var jdbc = jdbc(db);
    jdbc.sql("UPDATE products SET price = 123, stock = 7 WHERE id = 'seed-p-000003'").update();
    var firstOrders = orderIds(jdbc);

    assertThat(seed(db, "--products", "15", "--orders", "60", "--transactions", "5")).isZero();
    assertThat(seed(db, "--products", "15", "--orders", "60", "--transactions", "5")).isZero();

    assertThat(count(jdbc, "products")).isEqualTo(15);
    assertThat(single(jdbc, "SELECT price * 10000 + stock FROM products WHERE id = 'seed-p-000003'"))
        .isEqualTo(123 * 10000 + 7);
    assertThat(orderIds(jdbc)).hasSize(60).containsAll(firstOrders);
    // Orders added later take the product's price as it is stored then.
    var repriced = jdbc.sql("""
            SELECT o.id FROM orders o JOIN products p ON p.id = o.product_id WHERE o.unit_price <> p.price""")
        .query(String.class).list();
    assertThat(firstOrders).containsAll(repriced);
    // Sales have no identity to recognise them by: every run adds its own.
    assertThat(count(jdbc, "ledger_transactions")).isEqualTo(10);
  }

  @Test
  void ordersWithoutAnyProductsAreRefusedWithExit2() {
    var db = freshH2();

    assertThat(seed(db, "--orders", "10", "--transactions", "10")).isEqualTo(2);

    assertThat(count(jdbc(db), "orders")).isZero();
    assertThat(count(jdbc(db), "ledger_transactions")).isZero();
  }

  static Stream<List<String>> badArguments() {
    return Stream.of(
        List.of("--prodcts", "5"),
        List.of("--products", "five"),
        List.of("--transactions", "-1"),
        List.of("--orders"),
        List.of("--orders", "--products", "3"),
        List.of("--merchants", "0"),
        List.of("--days", "0"),
        List.of("--products", "1", "--products", "2"),
        List.of("products", "5"));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void badArgumentsExitWith2AndLeaveTheDatabaseUntouched(List<String> arguments) {
    var db = freshH2();
    var flags = new ArrayList<>(arguments);
    flags.add("--transactions=5");

    assertThat(seed(db, flags.toArray(String[]::new))).isEqualTo(2);

    // Not even the migrations ran: the database has no tables at all.
    assertThat(single(jdbc(db), "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"))
        .isZero();
  }

  /** Runs only where PostgreSQL answers ({@link TestDatabase#POSTGRESQL}); skipped otherwise, failed on CI. */
  @Nested
  @RequiresDatabase(TestDatabase.POSTGRESQL)
  class OnPostgreSql {

    private final TestDatabase postgres = TestDatabase.POSTGRESQL;
    private String database;
    private String url;
    private JdbcClient jdbc;

    /** A database of its own for each test: exact counts, whatever other tests do in the shared one. */
    @BeforeEach
    void createDatabase() throws SQLException {
      database = "seed_it_" + UUID.randomUUID().toString().replace("-", "");
      url = postgres.url.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
      try (var connection = DriverManager.getConnection(postgres.url, postgres.user, postgres.password)) {
        connection.createStatement().execute("CREATE DATABASE " + database);
      }
      jdbc = JdbcClient.create(new DriverManagerDataSource(url, postgres.user, postgres.password));
    }

    @AfterEach
    void dropDatabase() throws SQLException {
      try (var connection = DriverManager.getConnection(postgres.url, postgres.user, postgres.password)) {
        connection.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }

    @Test
    void seedsThroughCopyWithTheSameRowsAsH2() {
      String[] flags = {"--products", "100", "--orders", "60000", "--transactions", "120000", "--merchants", "20"};
      assertThat(seed(url, postgres.user, postgres.password, List.of(flags))).isZero();

      assertThat(count(jdbc, "products")).isEqualTo(100);
      assertThat(count(jdbc, "orders")).isEqualTo(60_000);
      assertThat(count(jdbc, "ledger_transactions")).isEqualTo(120_000);

      var h2 = freshH2();
      assertThat(seed(h2, flags)).isZero();
      assertThat(ledgerSums(jdbc)).isEqualTo(ledgerSums(jdbc(h2)));
      assertThat(orderIds(jdbc)).isEqualTo(orderIds(jdbc(h2)));

      // Binary COPY: every value as H2 got it from the same rows as SQL parameters, times included.
      assertThat(saleTimes(jdbc)).isEqualTo(saleTimes(jdbc(h2)));
      // The empty tables were loaded with their indexes dropped: every one is back.
      var indexes = indexesOf(jdbc);
      assertThat(indexes).contains("ledger_by_occurred");

      // The identity sequence moved past the copied ids, so the service can insert after a seed.
      long id = jdbc.sql("""
          INSERT INTO ledger_transactions (merchant_id, kind, amount, fee, occurred_at)
          VALUES ('merchant_001', 'SALE', 100, 33, CURRENT_TIMESTAMP) RETURNING id""").query(Long.class).single();
      assertThat(id).isGreaterThan(120_000);

      // Seeding tables that hold rows copies with their indexes in place, over two connections.
      assertThat(seed(url, postgres.user, postgres.password, List.of("--transactions", "120000"))).isZero();
      assertThat(count(jdbc, "ledger_transactions")).isEqualTo(240_001);
      assertThat(single(jdbc, "SELECT COUNT(DISTINCT id) FROM ledger_transactions")).isEqualTo(240_001);
      assertThat(indexesOf(jdbc)).isEqualTo(indexes);
    }

    @Test
    void anEmptyTableThatIsInUseIsNotWaitedForButCopiedWithItsIndexesInPlace() throws SQLException {
      assertThat(seed(url, postgres.user, postgres.password, List.of("--products", "1"))).isZero();
      try (var reader = DriverManager.getConnection(url, postgres.user, postgres.password)) {
        // An open transaction that has read the ledger holds a lock the index-dropping load would wait for.
        reader.setAutoCommit(false);
        reader.createStatement().execute("SELECT COUNT(*) FROM ledger_transactions");

        int exit = assertTimeoutPreemptively(Duration.ofSeconds(30),
            () -> seed(url, postgres.user, postgres.password, List.of("--transactions", "60000")));

        assertThat(exit).isZero();
        reader.rollback();
      }
      assertThat(count(jdbc, "ledger_transactions")).isEqualTo(60_000);
      assertThat(indexesOf(jdbc)).contains("ledger_by_occurred");
    }
  }

  @Test
  void startsTheDatabaseAndEveryMigrationButNothingThatServesOrRunsInTheBackground() {
    var db = freshH2();
    try (var context = SeedCommand.start(List.of("--tradepost.db.url=" + db), TradepostApplication::application)) {
      assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
      assertThat(context.getBeanNamesForType(BackgroundJobServer.class)).isEmpty();
      assertThat(context.getBeanNamesForType(ScheduledAnnotationBeanPostProcessor.class)).isEmpty();
      // Of Tradepost's own beans only the database's: no appliers, intake, sync, caches or controllers.
      var own = Stream.of(context.getBeanDefinitionNames())
          .map(name -> context.getType(name))
          .filter(type -> type != null && type.getName().startsWith("io.tradepost."))
          .filter(type -> !JavaMigration.class.isAssignableFrom(type))
          .map(type -> type.getSimpleName().replaceFirst("\\$\\$Lambda.*", "")) // a @Bean that is a lambda
          .distinct()
          .toList();
      assertThat(own).containsExactlyInAnyOrder("SeedApplication", "DatabaseConfig", "DatabaseProperties",
          "DatabaseTimeouts", "SqlDialect", "LedgerConfig", "LedgerProperties", "FeePolicy");
      // A fresh database: the start migrated it.
      assertThat(flywayStarted(context)).isTrue();
      assertThat(context.getBean(Flyway.class).info().pending()).isEmpty();
      // The seed scans only the modules' migration packages: every Java migration of the service is found there.
      var scanner = new ClassPathScanningCandidateComponentProvider(false);
      scanner.addIncludeFilter(new AssignableTypeFilter(JavaMigration.class));
      int javaMigrations = scanner.findCandidateComponents("io.tradepost").size();
      assertThat(javaMigrations).isPositive();
      assertThat(single(jdbc(db), "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"type\" = 'JDBC'"))
          .isEqualTo(javaMigrations);
    }
    // Started again on the migrated database, the seed does not start Flyway at all.
    try (var again = SeedCommand.start(List.of("--tradepost.db.url=" + db), TradepostApplication::application)) {
      assertThat(flywayStarted(again)).isFalse();
    }
  }

  private static boolean flywayStarted(ConfigurableApplicationContext context) {
    var beans = context.getBeanFactory();
    return Stream.of(beans.getSingletonNames()).anyMatch(name -> beans.getSingleton(name) instanceof Flyway);
  }

  private static int seed(String h2Url, String... flags) {
    return seed(h2Url, "sa", "", List.of(flags));
  }

  private static int seed(String dbUrl, String user, String password, List<String> flags) {
    var args = new ArrayList<String>();
    args.add(SeedCommand.NAME);
    args.addAll(flags);
    args.add("--tradepost.db.url=" + dbUrl);
    args.add("--tradepost.db.user=" + user);
    args.add("--tradepost.db.password=" + password);
    return SeedCommand.run(args.toArray(String[]::new), TradepostApplication::application);
  }

  private static String freshH2() {
    return "jdbc:h2:mem:seed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  private static JdbcClient jdbc(String h2Url) {
    return JdbcClient.create(new DriverManagerDataSource(h2Url, "sa", ""));
  }

  private static long count(JdbcClient jdbc, String table) {
    return single(jdbc, "SELECT COUNT(*) FROM " + table);
  }

  private static long single(JdbcClient jdbc, String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private static List<Long> ledgerSums(JdbcClient jdbc) {
    return jdbc.sql("SELECT COUNT(*), SUM(amount), SUM(fee) FROM ledger_transactions")
        .query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
        .single();
  }

  private static List<LocalDateTime> saleTimes(JdbcClient jdbc) {
    return jdbc.sql("SELECT occurred_at FROM ledger_transactions ORDER BY occurred_at").query(LocalDateTime.class).list();
  }

  private static List<String> indexesOf(JdbcClient jdbc) {
    return jdbc.sql("SELECT indexname FROM pg_indexes WHERE tablename IN ('products', 'orders', 'ledger_transactions')")
        .query(String.class).list().stream().sorted().toList();
  }

  private static List<String> orderIds(JdbcClient jdbc) {
    // Sorted here: PostgreSQL's collation may order '-' differently from H2.
    return jdbc.sql("SELECT id FROM orders").query(String.class).list().stream().sorted().toList();
  }
}
