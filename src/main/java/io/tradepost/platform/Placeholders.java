package io.tradepost.platform;

import java.util.Collections;

/** Bind-parameter lists for SQL text: {@code IN (" + Placeholders.of(3) + ")"} gives {@code IN (?, ?, ?)}. */
public final class Placeholders {

  private Placeholders() {}

  /** {@code n} bind parameters, comma-separated. */
  public static String of(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
