package io.tradepost;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.tradepost.support.Json.order;
import static io.tradepost.support.Json.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard ({@code deploy/grafana/tradepost.json}) and the Prometheus alerts
 * ({@code deploy/prometheus/alerts.yml}) query only metrics that {@code /metrics} exposes, once the
 * service has seen some traffic: a renamed metric fails here instead of silently emptying a panel or
 * silencing an alert.
 */
@OnH2
class MonitoringIT {

  static final Path DASHBOARD = Path.of("deploy/grafana/tradepost.json");
  static final Path ALERTS = Path.of("deploy/prometheus/alerts.yml");
  static final WireMockServer upstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void jsonplaceholder(DynamicPropertyRegistry registry) {
    upstream.start();
    registry.add("tradepost.sync.sources.jsonplaceholder.base-url", () -> "http://127.0.0.1:" + upstream.port());
    registry.add("tradepost.sync.interval", () -> "3650d");
  }

  @AfterAll
  static void stopUpstream() {
    upstream.stop();
  }

  @Test
  void everyMetricTheDashboardAndTheAlertsQueryIsExposed() throws IOException {
    var queries = new LinkedHashMap<String, String>();
    queries.putAll(dashboardQueries());
    queries.putAll(alertQueries());
    traffic();

    var exposed = exposedMetrics(new Http(port).get("/metrics").body);
    var missing = new TreeSet<String>();
    queries.forEach((where, expr) -> {
      var names = PromQl.metricNames(expr);
      assertThat(names).as("metrics of %s: %s", where, expr).isNotEmpty();
      names.stream().filter(name -> !exposed.contains(name)).forEach(name -> missing.add(name + " (" + where + ")"));
    });
    assertThat(missing).as("queried but not in /metrics").isEmpty();
  }

  @Test
  void metricNamesAreReadFromPromQlNotFromItsFunctionsLabelsOrRanges() {
    assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le, uri) "
        + "(rate(http_server_requests_seconds_bucket{status=~\"5..\", uri!=\"x_total\"}[$__rate_interval])))"))
        .containsExactly("http_server_requests_seconds_bucket");
    assertThat(PromQl.metricNames("max(a_gauge) > 1e3 and min(deriv(a_gauge[10m] offset 5m)) > 0"
        + " / on (instance) group_left (source) b_total unless sum without (job) (c:recorded)"))
        .containsExactly("a_gauge", "b_total", "c:recorded");
  }

  /** Orders (confirmed and refused), events (accepted and refused), a settlement job and a sync run. */
  private void traffic() {
    var http = new Http(port);
    assertThat(http.put("/api/v1/products/monitored", product("Lamp", "m-1", "9.99", 1)).status).isEqualTo(201);
    assertThat(http.post("/orders", order("monitored", 1, "b-1")).status).isEqualTo(201);
    assertThat(http.post("/orders", order("monitored", 1, "b-1")).status).isEqualTo(409);
    assertThat(http.post("/api/v1/events", "{\"product_id\":\"monitored\",\"price\":5}").status).isEqualTo(202);
    assertThat(http.sendingInvalidRequests().post("/api/v1/events", "{\"product_id\":\"monitored\",\"price\":-5}").status)
        .isEqualTo(400);
    var job = http.post("/jobs/settlement", "{\"from\":\"2025-03-01\",\"to\":\"2025-03-02\"}").json().get("job_id").asString();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> http.get("/jobs/" + job).json().get("status").asString(), "COMPLETED"::equals);
    upstream.stubFor(get(urlPathEqualTo("/posts")).willReturn(okJson(
        "[{\"userId\":1,\"id\":1,\"title\":\"first\",\"body\":\"text\"}]")));
    assertThat(http.post("/api/v1/sync?source=jsonplaceholder", "").status).isEqualTo(200);
    System.gc(); // JVM GC metrics appear with the first collection
  }

  private static Map<String, String> dashboardQueries() throws IOException {
    var dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
    assertThat(dashboard.path("title").asString()).isNotBlank();
    assertThat(dashboard.path("uid").asString()).matches("[a-zA-Z0-9_-]{1,40}");
    assertThat(dashboard.path("schemaVersion").isInt()).isTrue();
    assertThat(dashboard.path("panels").isArray()).isTrue();
    var queries = new LinkedHashMap<String, String>();
    var ids = new LinkedHashSet<Integer>();
    for (var panel : dashboard.path("panels")) {
      var title = panel.path("title").asString();
      assertThat(title).as("a panel's title").isNotBlank();
      assertThat(ids.add(panel.path("id").asInt())).as("unique id of panel %s", title).isTrue();
      assertThat(panel.path("gridPos").path("w").asInt()).as("width of panel %s", title).isBetween(1, 24);
      if ("row".equals(panel.path("type").asString())) {
        continue;
      }
      assertThat(panel.path("type").asString()).as("type of panel %s", title).isNotBlank();
      assertThat(panel.path("targets").size()).as("queries of panel %s", title).isPositive();
      for (var target : panel.path("targets")) {
        var expr = target.path("expr").asString();
        assertThat(expr).as("a query of panel %s", title).isNotBlank();
        queries.put("panel '" + title + "' " + target.path("refId").asString(), expr);
      }
    }
    assertThat(queries).as("dashboard queries").hasSizeGreaterThan(20);
    return queries;
  }

  /** The shape of a Prometheus rule file: groups with a name and alerting rules. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> alertQueries() throws IOException {
    Map<String, Object> file = new Yaml().load(Files.readString(ALERTS));
    assertThat(file).containsOnlyKeys("groups");
    var queries = new LinkedHashMap<String, String>();
    for (var group : (List<Map<String, Object>>) file.get("groups")) {
      assertThat(group).containsKeys("name", "rules");
      for (var rule : (List<Map<String, Object>>) group.get("rules")) {
        assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
        assertThat(rule.keySet()).isSubsetOf("alert", "expr", "for", "keep_firing_for", "labels", "annotations");
        var name = (String) rule.get("alert");
        assertThat(name).matches("[a-zA-Z_][a-zA-Z0-9_]*");
        if (rule.containsKey("for")) {
          assertThat(rule.get("for")).as("for of %s", name).asString().matches("\\d+[smhdwy]");
        }
        assertThat((Map<String, Object>) rule.get("labels")).containsKey("severity");
        assertThat((Map<String, Object>) rule.get("annotations")).containsKey("summary");
        queries.put("alert " + name, (String) rule.get("expr"));
      }
    }
    assertThat(queries).as("alerts").hasSizeGreaterThanOrEqualTo(6);
    return queries;
  }

  /** Sample names of the Prometheus text format: the name before its labels or value. */
  private static Set<String> exposedMetrics(String text) {
    var names = new TreeSet<String>();
    text.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
        .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
    return names;
  }

  /**
   * The metric names of a PromQL expression: what is left once strings, label matchers, ranges and
   * grouping label lists are taken out, minus functions, aggregations and keywords.
   */
  static final class PromQl {

    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
        "on", "ignoring", "group_left", "group_right", "inf", "nan");

    static List<String> metricNames(String expr) {
      var bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
          .replaceAll("\\{[^}]*}", " ")
          .replaceAll("\\[[^]]*]", " ")
          .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
      var names = new ArrayList<String>();
      var matcher = IDENTIFIER.matcher(bare);
      while (matcher.find()) {
        var name = matcher.group();
        var rest = bare.substring(matcher.end()).stripLeading();
        if (!rest.startsWith("(") && !KEYWORDS.contains(name.toLowerCase()) && !names.contains(name)) {
          names.add(name);
        }
      }
      return names;
    }
  }
}
