package io.tradepost;

import io.tradepost.security.KeysCommand;
import io.tradepost.seeding.SeedCommand;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Tradepost: catalog, orders, ledger, settlement, analytics and external sync in one service.
 *
 * <p>{@code java -jar tradepost.jar} serves HTTP; {@code java -jar tradepost.jar seed ...} fills the
 * configured database and exits; {@code java -jar tradepost.jar keys ...} manages API keys.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
@EnableScheduling
public class TradepostApplication {

  public static void main(String[] args) {
    if (args.length > 0 && (SeedCommand.NAME.equals(args[0]) || KeysCommand.NAME.equals(args[0]))) {
      // Boot warms Jackson, validation and the HTTP converters on a second thread for the service; a
      // command uses none of them, and on two cores that thread only takes CPU from the start-up.
      System.setProperty("spring.backgroundpreinitializer.ignore", "true");
    }
    if (args.length > 0 && SeedCommand.NAME.equals(args[0])) {
      System.exit(SeedCommand.run(args, TradepostApplication::application));
    }
    if (args.length > 0 && KeysCommand.NAME.equals(args[0])) {
      System.exit(KeysCommand.run(args, TradepostApplication::application));
    }
    application(TradepostApplication.class).run(args);
  }

  /** An application of {@code source} with the defaults every entry point shares. */
  public static SpringApplication application(Class<?> source) {
    var application = new SpringApplication(source);
    if ("json".equalsIgnoreCase(System.getenv("TRADEPOST_LOG_FORMAT"))) {
      application.setDefaultProperties(Map.of("logging.structured.format.console", "logstash"));
    }
    return application;
  }
}
