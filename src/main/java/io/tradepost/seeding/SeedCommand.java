package io.tradepost.seeding;

import io.tradepost.ledger.FeePolicy;
import io.tradepost.platform.SqlDialect;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code seed} command of the jar: {@code java -jar tradepost.jar seed --products N --orders N
 * --transactions N --merchants N --days N [--random-seed S]}. Starts only what seeding needs
 * ({@link SeedApplication}) on the configured database (migrated first if it is behind the jar, {@link SchemaMigrations}), seeds, shows its
 * progress on standard error, prints a line per table and returns the exit code: 0 done, 2 bad
 * arguments or nothing to order, 1 any other failure.
 *
 * <p>Arguments of the form {@code --key=value} whose key contains a dot are application properties
 * ({@code --tradepost.db.url=jdbc:h2:mem:x}) and are handed to Spring; the seed flags are not.
 */
public final class SeedCommand {

  public static final String NAME = "seed";

  /** COPY streams per large table on PostgreSQL: one per core, up to two. */
  private static final int COPY_CONNECTIONS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

  private static final Logger log = LoggerFactory.getLogger(SeedCommand.class);

  private SeedCommand() {}

  /**
   * @param args {@code seed} followed by its flags, as given to {@code main}
   * @param applications makes an application of the given source with the defaults every entry point shares
   */
  public static int run(String[] args, Function<Class<?>, SpringApplication> applications) {
    if (List.of(args).contains("--help")) {
      System.out.println(SeedOptions.USAGE);
      return 0;
    }
    SeedOptions.CommandLine commandLine;
    try {
      commandLine = SeedOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("seed: " + e.getMessage());
      System.err.println(SeedOptions.USAGE);
      return 2;
    }
    try (var context = start(commandLine.applicationArgs(), applications)) {
      for (var seeded : seeder(context).seed(commandLine.options(), new SeedProgress(System.err))) {
        System.out.println(seeded.summary());
      }
      return 0;
    } catch (SeedRefused e) {
      System.err.println("seed: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      log.error("Seeding failed", e);
      System.err.println("seed: failed: " + NestedExceptionUtils.getMostSpecificCause(e).getMessage());
      return 1;
    }
  }

  /**
   * Starts what seeding needs, and nothing else, with the given application arguments, and migrates
   * the database if it is behind.
   */
  static ConfigurableApplicationContext start(List<String> applicationArgs,
      Function<Class<?>, SpringApplication> applications) {
    var application = applications.apply(SeedApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setLazyInitialization(true);
    var context = application.run(applicationArgs.toArray(String[]::new));
    try {
      SchemaMigrations.bringUpToDate(context);
      return context;
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  private static Seeder seeder(ConfigurableApplicationContext context) {
    var jdbc = JdbcClient.create(context.getBean(DataSource.class));
    TableWriter writer = context.getBean(SqlDialect.class) == SqlDialect.POSTGRESQL
        ? new CopyWriter(context.getBean(DataSource.class), COPY_CONNECTIONS)
        : new MultiRowWriter(jdbc, new TransactionTemplate(context.getBean(PlatformTransactionManager.class)));
    return new Seeder(jdbc, writer, context.getBean(FeePolicy.class), Clock.systemUTC());
  }
}
