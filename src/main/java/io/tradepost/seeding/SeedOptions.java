package io.tradepost.seeding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code seed} writes. Every count is checked in the constructor, so a seeder never sees a bad one.
 *
 * @param products products {@code seed-p-000001}… to create (existing ones are left alone)
 * @param orders orders spread over the last {@code days} days (those of this seed that exist are left alone)
 * @param transactions completed sales written straight to the ledger
 * @param merchants merchants {@code merchant_001}… that own the products and the sales
 * @param days how far back the orders and sales reach, ending at the start of the current UTC day
 * @param randomSeed the same seed on the same day gives the same rows
 */
record SeedOptions(int products, int orders, int transactions, int merchants, int days, long randomSeed) {

  /** A century; keeps every timestamp well inside what the databases store. */
  static final int MAX_DAYS = 36_500;

  static final String USAGE = """
      Usage: java -jar tradepost.jar seed [--products N] [--orders N] [--transactions N]
                                          [--merchants N] [--days N] [--random-seed S] [--spring.property=value ...]
        --products N       products seed-p-000001... to create; existing ids are left alone (default 0)
        --orders N         orders over the last --days days; needs --products >= 1 or stored products;
                           orders this seed made before are left alone (default 0)
        --transactions N   completed sales in the ledger over the last --days days (default 0)
        --merchants N      merchants merchant_001... to spread products and sales over, >= 1 (default 10)
        --days N           how many days back, 1-36500 (default 30)
        --random-seed S    same seed, same UTC day: same rows (default 42)
      Any --key=value whose key contains a dot (e.g. --tradepost.db.url=jdbc:...) is passed on to the
      application; the database is otherwise taken from TRADEPOST_DB_URL / _USER / _PASSWORD.""";

  private static final Map<String, Long> DEFAULTS = Map.of(
      "products", 0L, "orders", 0L, "transactions", 0L, "merchants", 10L, "days", 30L, "random-seed", 42L);

  SeedOptions {
    if (products < 0 || orders < 0 || transactions < 0) {
      throw new IllegalArgumentException("--products, --orders and --transactions must not be negative");
    }
    if (merchants < 1) {
      throw new IllegalArgumentException("--merchants must be at least 1");
    }
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("--days must be between 1 and " + MAX_DAYS);
    }
    if (randomSeed < 0) {
      throw new IllegalArgumentException("--random-seed must not be negative");
    }
  }

  /** The seed flags, and the {@code --key=value} application properties to start Spring with. */
  record CommandLine(SeedOptions options, List<String> applicationArgs) {}

  /**
   * Reads {@code seed [flags]}: flags as {@code --name N} or {@code --name=N}.
   *
   * @throws IllegalArgumentException naming the first thing wrong
   */
  static CommandLine parse(String[] args) {
    var values = new HashMap<String, Long>();
    var applicationArgs = new ArrayList<String>();
    for (int i = 1; i < args.length; i++) {
      var arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument: " + arg);
      }
      int equals = arg.indexOf('=');
      var name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      if (name.contains(".") && equals > 0) {
        applicationArgs.add(arg);
        continue;
      }
      if (!DEFAULTS.containsKey(name)) {
        throw new IllegalArgumentException("Unknown option: --" + name);
      }
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (values.put(name, number(name, value)) != null) {
        throw new IllegalArgumentException("--" + name + " is given twice");
      }
    }
    return new CommandLine(new SeedOptions(count(values, "products"), count(values, "orders"),
        count(values, "transactions"), count(values, "merchants"), count(values, "days"),
        values.getOrDefault("random-seed", DEFAULTS.get("random-seed"))), List.copyOf(applicationArgs));
  }

  private static long number(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + value + "'");
    }
  }

  private static int count(Map<String, Long> values, String name) {
    long value = values.getOrDefault(name, DEFAULTS.get(name));
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--" + name + " must be between 0 and " + Integer.MAX_VALUE);
    }
    return (int) value;
  }
}
