package io.tradepost.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.tradepost.security.KeyAdministration;
import io.tradepost.support.Chromium;
import io.tradepost.support.OnH2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a real browser (Chromium through Playwright) against the whole application: what an
 * operator does and sees, with screenshots of each page under {@code target/ops-screenshots}.
 */
@OnH2
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsDashboardIT {

  static final WireMockServer upstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  static final Path SCREENSHOTS = Path.of("target", "ops-screenshots");
  static final LocatorAssertions.ContainsTextOptions SOON = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    upstream.start();
    registry.add("tradepost.sync.sources.jsonplaceholder.base-url", () -> "http://127.0.0.1:" + upstream.port());
    registry.add("tradepost.sync.sources.pokeapi.base-url", () -> "http://127.0.0.1:" + upstream.port());
    registry.add("tradepost.sync.on-start", () -> "false");
    registry.add("tradepost.sync.interval", () -> "3650d");
    registry.add("tradepost.ops.sample-every", () -> "500ms");
    registry.add("tradepost.ops.chart-step", () -> "1s");
    // Small chunks: a year of a large ledger then takes long enough to be cancelled while it runs.
    registry.add("tradepost.jobs.max-chunk-rows", () -> "2000");
    registry.add("tradepost.jobs.chunks-at-once", () -> "1");
  }

  @LocalServerPort
  int port;

  @Autowired
  KeyAdministration keys;

  @Autowired
  JdbcClient jdbc;

  Chromium chromium;
  String operator;
  String reader;
  BrowserContext context;
  Page page;

  @BeforeAll
  void browserAndKeys() {
    chromium = Chromium.launch();
    // Keys exist from here on: the dashboard is out of protected mode and asks everyone to sign in.
    operator = keys.create("operator", List.of("admin"), null).secret();
    reader = keys.create("reader", List.of("ops:read"), null).secret();
  }

  @AfterAll
  void closeBrowser() {
    if (chromium != null) {
      chromium.close();
    }
    upstream.stop();
  }

  @BeforeEach
  void newBrowserSession() {
    context = chromium.browser().newContext(new com.microsoft.playwright.Browser.NewContextOptions()
        .setViewportSize(1280, 900));
    page = context.newPage();
  }

  @AfterEach
  void closeSession() {
    context.close();
  }

  @Test
  void aSubmittedJobsBarReachesOneHundredPercentWithoutAReload() throws Exception {
    signIn(operator);
    page.navigate(url("/ops/jobs"));
    page.evaluate("window.notReloaded = true");

    page.fill("#submit-job input[name=from]", "2024-01-01");
    page.fill("#submit-job input[name=to]", "2024-01-31");
    page.click("#submit-job button[type=submit]");

    var row = page.locator("#job-rows tr").first();
    assertThat(row.locator(".status")).containsText("COMPLETED", SOON);
    assertThat(row.locator("[role=progressbar]")).hasAttribute("aria-valuenow", "100");
    assertThat(row.locator(".percent")).hasText("100 %");
    assertThat(row.locator("a[download]")).isVisible();
    assertThat(page.evaluate("window.notReloaded")).isEqualTo(true);
    var csv = page.request().get(url(row.locator("a[download]").getAttribute("href")));
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.text()).isEqualTo("merchant_id,date,gross,fee,net,txn_count\n");
    screenshot("jobs");
  }

  @Test
  void aRunningJobIsCancelledFromItsRow() throws Exception {
    seedLedger(1_000_000);
    signIn(operator);
    page.navigate(url("/ops/jobs"));
    page.fill("#submit-job input[name=from]", "2023-01-01");
    page.fill("#submit-job input[name=to]", "2023-12-31");
    page.click("#submit-job button[type=submit]");

    var row = page.locator("#job-rows tr").first();
    assertThat(row.locator(".status")).containsText("RUNNING", SOON);
    page.onDialog(dialog -> dialog.accept());
    row.locator("button.cancel").click();

    assertThat(row.locator(".status")).containsText("CANCELLED", SOON);
    assertThat(row.locator("button.cancel")).hasCount(0);
    var percent = Integer.parseInt(row.locator("[role=progressbar]").getAttribute("aria-valuenow"));
    assertThat(percent).as("cancelled before the end").isLessThan(100);
  }

  @Test
  void syncNowShowsTheNewRunWithItsCounts() throws Exception {
    var posts = new ArrayList<Map<String, Object>>();
    for (int id = 1; id <= 12; id++) {
      posts.add(Map.of("userId", 1 + id % 3, "id", id, "title", "post " + id, "body", "body of post " + id));
    }
    posts.add(Map.of("userId", 1, "title", "a post without an id", "body", "rejected"));
    upstream.stubFor(get(urlPathEqualTo("/posts")).willReturn(okJson(JsonMapper.builder().build().writeValueAsString(posts))));
    signIn(operator);
    page.navigate(url("/ops/sync"));
    page.evaluate("window.notReloaded = true");

    page.locator("#source-jsonplaceholder button.sync-now").click();

    var run = page.locator(".runs tbody tr").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("jsonplaceholder")).first();
    assertThat(run.locator(".status")).containsText("PARTIAL", SOON);
    assertThat(run.locator(".fetched")).hasText("13");
    assertThat(run.locator(".created")).hasText("12");
    assertThat(run.locator(".unchanged")).hasText("0");
    assertThat(run.locator(".rejected")).hasText("1");
    assertThat(page.locator("#source-jsonplaceholder .records")).hasText("12", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
    assertThat(page.evaluate("window.notReloaded")).isEqualTo(true);
    screenshot("sync");

    run.locator(".rejected a").click();
    assertThat(page.locator("main table tbody tr")).hasCount(1);
    screenshot("rejected");
  }

  @Test
  void aKeySignsInAndNoKeyIsRefused() throws Exception {
    page.navigate(url("/ops"));
    assertThat(page).hasURL(Pattern.compile(".*/ops/sign-in$"));
    var stream = page.request().get(url("/ops/stream"));
    assertThat(stream.status()).as("the stream without a sign-in").isEqualTo(401);

    page.fill("input[name=key]", "tp_not_a_key");
    page.click("button[type=submit]");
    assertThat(page.locator("#refused")).hasText("This key is not valid.");
    screenshot("sign-in");

    signIn(reader);
    assertThat(page.locator("h1")).hasText("Overview");
    assertThat(page.locator("#live")).containsText("live", SOON);
    var cookie = context.cookies().stream().filter(c -> c.name.equals("tradepost_ops")).findFirst().orElseThrow();
    assertThat(cookie.httpOnly).isTrue();
    assertThat(cookie.sameSite).hasToString("STRICT");
    screenshot("overview");
    if (Boolean.getBoolean("tradepost.screenshots.update")) {
      // The README's picture, renewed on request only: a test run leaves the tracked files alone.
      Files.copy(SCREENSHOTS.resolve("overview.png"), Path.of("docs", "ops-overview.png"),
          StandardCopyOption.REPLACE_EXISTING);
    }

    page.navigate(url("/ops/events"));
    assertThat(page.locator("h1")).hasText("Product events");
    screenshot("events");
    var keysPage = page.navigate(url("/ops/keys"));
    assertThat(keysPage.status()).as("ops:read does not open the keys").isEqualTo(403);
  }

  @Test
  void aRevokedKeysBrowserIsSentBackToTheSignIn() {
    var key = keys.create("short-lived", List.of("ops:read"), null);
    signIn(key.secret());

    keys.revoke(key.key().id());
    page.navigate(url("/ops/jobs"));

    assertThat(page).hasURL(Pattern.compile(".*/ops/sign-in$"));
    assertThat(context.cookies()).noneMatch(c -> c.name.equals("tradepost_ops"));
  }

  @Test
  void anAdminCreatesAKeyAndSeesItsSecretOnce() throws Exception {
    signIn(operator);
    page.navigate(url("/ops/keys"));
    page.fill("form.create-key input[name=name]", "dashboard-made");
    page.check("form.create-key input[value='ops:read']");
    page.click("form.create-key button[type=submit]");

    assertThat(page.locator("#new-secret")).containsText("tp_");
    assertThat(page.locator("table.keys")).containsText("dashboard-made");
    screenshot("keys");
    page.navigate(url("/ops/keys"));
    assertThat(page.locator("#new-secret")).hasCount(0);
  }

  private void signIn(String key) {
    page.navigate(url("/ops/sign-in"));
    page.fill("input[name=key]", key);
    page.click("button[type=submit]");
    assertThat(page).hasURL(Pattern.compile(".*/ops$"));
  }

  /**
   * A sale every 31 s from the start of 2023: a million of them fill the year. Inserted a quarter at a
   * time, so that no statement nears the statement timeout on a busy machine.
   */
  private void seedLedger(int rows) {
    int part = rows / 4;
    for (int from = 1; from <= rows; from += part) {
      jdbc.sql("""
              INSERT INTO ledger_transactions (merchant_id, kind, amount, fee, occurred_at)
              SELECT CONCAT('m', MOD(X, 50)), 'SALE', 1000 + MOD(X, 997), 59,
                     DATEADD(SECOND, (X - 1) * 31, TIMESTAMP '2023-01-01 00:00:00')
              FROM SYSTEM_RANGE(?, ?)""")
          .params(from, Math.min(rows, from + part - 1))
          .update();
    }
  }

  private void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }
}
