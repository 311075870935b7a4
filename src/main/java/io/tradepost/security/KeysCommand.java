package io.tradepost.security;

import io.tradepost.platform.DomainException;
import io.tradepost.platform.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code keys} command of the jar, on the database the service uses ({@code TRADEPOST_DB_*}):
 * <pre>
 * keys create --name NAME --scopes a,b [--rate 50/s] [--burst N] [--expires 90d]
 * keys list
 * keys revoke ID_OR_KEY
 * </pre>
 * {@code create} prints the key alone on the last line of standard output, the only time it is shown.
 * Exit codes: 0 done, 2 bad arguments or no such key, 1 any other failure. Arguments
 * {@code --a.b=value} (with a dot) are application properties, as for {@code seed}.
 */
public final class KeysCommand {

  public static final String NAME = "keys";
  /** Who the audit trail names for changes made with this command. */
  static final String OPERATOR = "command";
  static final String USAGE = """
      usage: java -jar tradepost.jar keys create --name NAME --scopes SCOPE[,SCOPE…] [--rate N/s|N/m|N/h] [--burst N] [--expires 30m|12h|90d]
             java -jar tradepost.jar keys list
             java -jar tradepost.jar keys revoke ID_OR_KEY
      scopes: """ + KeyRegistry.grantableScopes();
  private static final Set<String> CREATE_FLAGS = Set.of("--name", "--scopes", "--rate", "--burst", "--expires");

  private KeysCommand() {}

  /**
   * @param args {@code keys} followed by its sub-command and flags, as given to {@code main}
   * @param applications makes an application of the given source with the defaults every entry point shares
   */
  public static int run(String[] args, Function<Class<?>, SpringApplication> applications) {
    var applicationArgs = new ArrayList<String>();
    var words = new ArrayList<String>();
    for (var arg : Arrays.asList(args).subList(1, args.length)) {
      if (arg.startsWith("--") && arg.contains("=") && arg.substring(0, arg.indexOf('=')).contains(".")) {
        applicationArgs.add(arg);
      } else {
        words.add(arg);
      }
    }
    if (words.isEmpty() || words.contains("--help")) {
      System.out.println(USAGE);
      return words.isEmpty() ? 2 : 0;
    }
    Action action;
    try {
      action = action(words);
    } catch (IllegalArgumentException e) {
      System.err.println("keys: " + e.getMessage());
      System.err.println(USAGE);
      return 2;
    } catch (DomainException e) {
      return refused(e);
    }
    var application = applications.apply(KeysApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setLogStartupInfo(false);
    // Printed once the context is closed, so that no shutdown log line comes after the key.
    var output = new ArrayList<String>();
    try (var context = application.run(applicationArgs.toArray(String[]::new))) {
      var registry = new KeyRegistry(context.getBean(ApiKeys.class), context.getBean(KeySecrets.class),
          Clock.systemUTC());
      action.run(registry, new AuditLog(context.getBean(JdbcClient.class)), output);
    } catch (DomainException e) {
      return refused(e);
    } catch (RuntimeException e) {
      System.err.println("keys: failed: " + NestedExceptionUtils.getMostSpecificCause(e).getMessage());
      return 1;
    }
    output.forEach(System.out::println);
    return 0;
  }

  private static int refused(DomainException e) {
    System.err.println("keys: " + e.getMessage());
    e.errors().forEach(error -> System.err.println("  " + error.field() + ": " + error.message()));
    return 2;
  }

  private interface Action {
    void run(KeyRegistry registry, AuditLog audit, List<String> output);
  }

  private static Action action(List<String> words) {
    var command = words.get(0);
    var rest = words.subList(1, words.size());
    return switch (command) {
      case "create" -> create(flags(rest));
      case "list" -> {
        if (!rest.isEmpty()) {
          throw new IllegalArgumentException("list takes no arguments");
        }
        yield (registry, audit, output) -> list(registry, output);
      }
      case "revoke" -> {
        if (rest.size() != 1) {
          throw new IllegalArgumentException("revoke takes one key id (as keys list shows it) or the whole key");
        }
        yield (registry, audit, output) -> {
          registry.revoke(rest.get(0));
          var id = KeySecrets.idOf(rest.get(0)).orElseThrow();
          audit.append(List.of(commandRecord("keys revoke", id, 204)));
          output.add("revoked " + id);
        };
      }
      default -> throw new IllegalArgumentException("unknown sub-command '" + command + "'");
    };
  }

  private static Action create(Map<String, String> flags) {
    var burst = flags.get("--burst");
    long parsedBurst;
    try {
      parsedBurst = burst == null ? 0 : Long.parseLong(burst);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--burst must be a whole number");
    }
    var newKey = KeyRegistry.NewKey.parse(flags.get("--name"),
        flags.get("--scopes") == null ? List.of() : List.of(flags.get("--scopes").split(",")),
        flags.get("--rate"), burst == null ? null : parsedBurst, flags.get("--expires"));
    return (registry, audit, output) -> {
      var created = registry.create(newKey);
      var key = created.key();
      audit.append(List.of(commandRecord("keys create", key.id(), 201)));
      output.add("created " + key.id() + " '" + key.name() + "' scopes " + scopes(key)
          + (key.rate() == null ? "" : " rate " + key.rate().text() + " burst " + key.rate().burst())
          + (key.expiresAt() == null ? "" : " expires " + key.expiresAt()));
      output.add("The key is shown once; store it now:");
      output.add(created.secretKey());
    };
  }

  private static void list(KeyRegistry registry, List<String> output) {
    output.add("id        name  scopes  rate  created  expires  revoked  last_used");
    for (var key : registry.list()) {
      output.add(String.join("  ", key.id(), key.name(), scopes(key),
          key.rate() == null ? "default" : key.rate().text() + "+" + key.rate().burst(), String.valueOf(key.createdAt()),
          String.valueOf(key.expiresAt()), String.valueOf(key.revokedAt()), String.valueOf(key.lastUsedAt())));
    }
  }

  /** The audit trail's record of a change made with this command: no key made it, the server's operator did. */
  private static AuditRecord commandRecord(String route, String keyId, int status) {
    return new AuditRecord(Instant.now(), OPERATOR, "localhost", "CLI", route, keyId, status);
  }

  private static String scopes(ApiKey key) {
    return String.join(",", key.scopes().stream().map(Scope::value).sorted().toList());
  }

  private static Map<String, String> flags(List<String> words) {
    var flags = new HashMap<String, String>();
    for (int i = 0; i < words.size(); i++) {
      var word = words.get(i);
      var eq = word.indexOf('=');
      var name = eq > 0 ? word.substring(0, eq) : word;
      if (!CREATE_FLAGS.contains(name)) {
        throw new IllegalArgumentException("unknown argument '" + word + "'");
      }
      if (eq > 0) {
        flags.put(name, word.substring(eq + 1));
      } else if (i + 1 < words.size()) {
        flags.put(name, words.get(++i));
      } else {
        throw new IllegalArgumentException(name + " needs a value");
      }
    }
    return flags;
  }
}
