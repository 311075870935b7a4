package io.tradepost.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The system's Chromium (Debian's {@code chromium} package) driven by Playwright, which downloads no
 * browser of its own. Where Chromium is missing the browser tests are skipped with the reason, except
 * with {@code CI=true}, where they fail: CI installs it ({@code .ci/run}).
 */
public final class Chromium implements AutoCloseable {

  /** Where Debian puts it; {@code TRADEPOST_CHROMIUM} names another. */
  static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("TRADEPOST_CHROMIUM", "/usr/bin/chromium"));

  private final Playwright playwright;
  private final Browser browser;

  private Chromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  public static Chromium launch() {
    if (!Files.isExecutable(EXECUTABLE)) {
      var reason = "No Chromium at " + EXECUTABLE + " (apt-get install -y chromium, or set TRADEPOST_CHROMIUM)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(reason);
      }
      Assumptions.abort(reason);
    }
    var playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    return new Chromium(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(EXECUTABLE).setHeadless(true)));
  }

  public Browser browser() {
    return browser;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
