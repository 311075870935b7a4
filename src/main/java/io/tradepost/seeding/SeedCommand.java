package io.tradepost.seeding;

/** The {@code seed} command of the jar. */
public final class SeedCommand {

  public static final String NAME = "seed";

  private SeedCommand() {}

  public static int run(String[] args) {
    throw new UnsupportedOperationException("seed is being written");
  }
}
