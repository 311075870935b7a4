package io.tradepost.seeding;

/** The seed cannot be done as asked; the command exits with 2, like for a bad argument. */
final class SeedRefused extends RuntimeException {

  private SeedRefused(String message) {
    super(message);
  }

  static SeedRefused noProductsToOrder() {
    return new SeedRefused("--orders needs products to order: pass --products N (N >= 1), "
        + "or seed into a database that already has products with a merchant");
  }
}
