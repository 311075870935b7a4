package io.tradepost.seeding;

import io.tradepost.ledger.FeePolicy;
import io.tradepost.platform.SqlDialect;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code seed} command of the jar: {@code java -jar tradepost.jar seed --products N --orders N
 * --transactions N --merchants N --days N [--random-seed S]}. Starts the application without a web
 * server on the configured database (migrations run as usual), seeds, prints a line per table and
 * returns the exit code: 0 done, 2 bad arguments or nothing to order, 1 any other failure.
 *
 * <p>Arguments of the form {@code --key=value} whose key contains a dot are application properties
 * ({@code --tradepost.db.url=jdbc:h2:mem:x}) and are handed to Spring; the seed flags are not.
 */
public final class SeedCommand {

  public static final String NAME = "seed";

  /** COPY streams per large table on PostgreSQL: one per core, up to two. */
  private static final int COPY_CONNECTIONS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

  /**
   * The seed runs beside the service, not as one more instance of it: no syncs with the external
   * APIs (at start or at a scheduled slot), no product-event appliers, no settlement job server.
   * Above every other property source, so no configuration turns them back on for a seed.
   */
  private static final Map<String, Object> BACKGROUND_WORK_OFF = Map.of(
      "tradepost.sync.on-start", "false",
      "tradepost.sync.sources.jsonplaceholder.enabled", "false",
      "tradepost.sync.sources.pokeapi.enabled", "false",
      "tradepost.sync.sources.openweather.enabled", "false",
      "tradepost.events.appliers", "0",
      "jobrunr.background-job-server.enabled", "false",
      "jobrunr.dashboard.enabled", "false");

  private static final Logger log = LoggerFactory.getLogger(SeedCommand.class);

  private SeedCommand() {}

  /**
   * @param application the application as every entry point configures it; started here without a
   *     web server
   * @param args {@code seed} followed by its flags, as given to {@code main}
   */
  public static int run(SpringApplication application, String[] args) {
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
    application.setWebApplicationType(WebApplicationType.NONE);
    application.addInitializers(context -> context.getEnvironment().getPropertySources()
        .addFirst(new MapPropertySource("seed", BACKGROUND_WORK_OFF)));
    try (var context = application.run(commandLine.applicationArgs().toArray(String[]::new))) {
      for (var seeded : seeder(context).seed(commandLine.options())) {
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

  private static Seeder seeder(ConfigurableApplicationContext context) {
    var jdbc = context.getBean(JdbcClient.class);
    TableWriter writer = context.getBean(SqlDialect.class) == SqlDialect.POSTGRESQL
        ? new CopyWriter(context.getBean(DataSource.class), COPY_CONNECTIONS)
        : new MultiRowWriter(jdbc, context.getBean(TransactionTemplate.class));
    return new Seeder(jdbc, writer, context.getBean(FeePolicy.class), context.getBean(Clock.class));
  }
}
