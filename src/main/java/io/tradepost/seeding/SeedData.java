package io.tradepost.seeding;

import io.tradepost.ledger.FeePolicy;
import io.tradepost.orders.OrderStatus;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * What seeded rows look like. Orders and sales are spread over {@code [anchor - days, anchor)}, in
 * increasing time, so the time indexes are filled from one end instead of all over.
 */
final class SeedData {

  static final String PRODUCT_PREFIX = "seed-p-";
  static final long MIN_PRICE = 100;
  static final long MAX_PRICE = 49_999;
  static final long MAX_STOCK = 1_000;
  static final int MAX_QUANTITY = 5;
  /** One order in ten is cancelled, so reports show both statuses. */
  static final int CANCELLED_ONE_IN = 10;

  private static final String[] ADJECTIVES = {"Walnut", "Brass", "Linen", "Copper", "Oak", "Stoneware", "Wool",
      "Glass", "Cedar", "Leather", "Marble", "Bamboo", "Steel", "Cotton", "Clay", "Velvet"};
  private static final String[] NOUNS = {"Lamp", "Mug", "Chair", "Notebook", "Bowl", "Blanket", "Vase", "Shelf",
      "Kettle", "Tote", "Clock", "Tray", "Candle", "Stool", "Planter", "Mirror"};
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private final SeedOptions options;
  private final FeePolicy fees;
  private final long startEpochSecond;
  private final long spanMicros;
  private final String[] merchants;

  /**
   * @param anchor the end of the period, UTC: the start of the current day, so the same seed on the
   *     same day gives the same rows
   */
  SeedData(SeedOptions options, FeePolicy fees, LocalDateTime anchor) {
    this.options = options;
    this.fees = fees;
    this.startEpochSecond = anchor.minusDays(options.days()).toEpochSecond(ZoneOffset.UTC);
    this.spanMicros = options.days() * MICROS_PER_DAY;
    this.merchants = new String[options.merchants()];
    for (int i = 0; i < merchants.length; i++) {
      merchants[i] = merchantId(i + 1);
    }
  }

  /** A product on sale: what an order needs to know about it. */
  record PricedProduct(String id, String merchantId, long price) {}

  static String productId(long number) {
    return PRODUCT_PREFIX + padded(number, 6);
  }

  static String merchantId(long number) {
    return "merchant_" + padded(number, 3);
  }

  static String buyerId(long number) {
    return "buyer_" + padded(number, 5);
  }

  /** The number in a seeded product id, or -1 when the id is not one. */
  static long productNumber(String id) {
    if (!id.startsWith(PRODUCT_PREFIX) || id.length() == PRODUCT_PREFIX.length()) {
      return -1;
    }
    long number = 0;
    for (int i = PRODUCT_PREFIX.length(); i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9' || number > Integer.MAX_VALUE) {
        return -1;
      }
      number = number * 10 + (c - '0');
    }
    return number;
  }

  /** Products {@code seed-p-000001}…; ids in {@code existing} are left out, so a re-run adds only the rest. */
  SeedTable products(Set<String> existing) {
    var created = fromStart(0);
    return new SeedTable("products", null,
        List.of("id", "name", "merchant_id", "price", "stock", "version", "last_event_seq", "created_at",
            "updated_at"),
        options.products(), options.randomSeed(), (from, to, random, into) -> {
          for (long i = from; i < to; i++) {
            var id = productId(i + 1);
            var name = ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + NOUNS[random.nextInt(NOUNS.length)];
            var merchant = merchants[random.nextInt(merchants.length)];
            long price = random.nextLong(MIN_PRICE, MAX_PRICE + 1);
            long stock = random.nextLong(MAX_STOCK + 1);
            if (!existing.contains(id)) {
              into.add(new Object[] {id, name, merchant, price, stock, 1L, 0L, created, created});
            }
          }
        });
  }

  /**
   * Order {@code number} (from 1) of the seed. It depends on nothing else, so a re-run with the same
   * seed recognises the orders it made before, like the products.
   */
  String orderId(long number) {
    return uuid(new SplittableRandom(SeedTable.mix(SeedTable.mix(options.randomSeed()) + number))).toString();
  }

  /**
   * Confirmed and cancelled orders of products from {@code catalog} (not empty when there are orders
   * to make), by about one buyer per ten orders, at the product's price. Ids in {@code existing} are
   * left out.
   */
  SeedTable orders(List<PricedProduct> catalog, Set<String> existing) {
    long count = options.orders();
    var buyers = new String[Math.max(1, options.orders() / 10)];
    for (int i = 0; i < buyers.length; i++) {
      buyers[i] = buyerId(i + 1);
    }
    return new SeedTable("orders", null,
        List.of("id", "product_id", "merchant_id", "buyer_id", "quantity", "unit_price", "total_cents", "status",
            "created_at", "updated_at"),
        count, options.randomSeed(), (from, to, random, into) -> {
          for (long i = from; i < to; i++) {
            var id = orderId(i + 1);
            var product = catalog.get(random.nextInt(catalog.size()));
            var buyer = buyers[random.nextInt(buyers.length)];
            long quantity = random.nextInt(1, MAX_QUANTITY + 1);
            var status = random.nextInt(CANCELLED_ONE_IN) == 0 ? OrderStatus.CANCELLED : OrderStatus.CONFIRMED;
            var created = at(i, count, random);
            if (!existing.contains(id)) {
              into.add(new Object[] {id, product.id(), product.merchantId(), buyer, quantity, product.price(),
                  product.price() * quantity, status.name(), created, created});
            }
          }
        });
  }

  /** Completed sales not tied to an order, with the fee the ledger's policy charges. */
  SeedTable transactions() {
    long count = options.transactions();
    return new SeedTable("ledger_transactions", "id",
        List.of("merchant_id", "kind", "amount", "fee", "occurred_at"),
        count, options.randomSeed(), (from, to, random, into) -> {
          for (long i = from; i < to; i++) {
            var merchant = merchants[random.nextInt(merchants.length)];
            long amount = random.nextLong(MIN_PRICE, MAX_PRICE + 1);
            into.add(new Object[] {merchant, "SALE", amount, fees.feeFor(amount), at(i, count, random)});
          }
        });
  }

  /**
   * The time of row {@code i} of {@code count}: a random point in the row's own slice of the period,
   * so times never decrease from one row to the next.
   */
  private LocalDateTime at(long i, long count, SplittableRandom random) {
    double slice = (double) spanMicros / count;
    long from = (long) (i * slice);
    long to = (long) ((i + 1) * slice);
    return fromStart(to > from ? random.nextLong(from, to) : from);
  }

  private LocalDateTime fromStart(long micros) {
    return LocalDateTime.ofEpochSecond(startEpochSecond + micros / 1_000_000, (int) (micros % 1_000_000) * 1_000,
        ZoneOffset.UTC);
  }

  /** A version 4 UUID drawn from a seeded stream rather than from a secure random source. */
  private static UUID uuid(SplittableRandom random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }

  private static String padded(long number, int width) {
    var digits = Long.toString(number);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }
}
