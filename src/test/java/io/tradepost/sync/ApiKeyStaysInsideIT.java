package io.tradepost.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import io.tradepost.support.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OpenWeather's API key travels in the URL ({@code appid=}). With a canary key, syncs fail in every
 * way an upstream can make them fail, and the canary is then looked for in the run and reject rows,
 * in every sync route's answer and in the log (at DEBUG for sync and Resilience4j): it is in none.
 */
@OnH2
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyStaysInsideIT {

  static final String CANARY = "CANARY-4e1f9c0b-appid";
  static final WireMockServer weather = new WireMockServer(
      options().bindAddress("127.0.0.1").dynamicPort().notifier(new Slf4jNotifier(false)));
  static final TcpProxy proxy;

  static {
    weather.start();
    try {
      proxy = TcpProxy.to("127.0.0.1", weather.port());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void upstream(DynamicPropertyRegistry registry) {
    registry.add("tradepost.sync.sources.openweather.base-url", () -> "http://127.0.0.1:" + proxy.port());
    registry.add("tradepost.sync.sources.openweather.api-key", () -> CANARY);
    registry.add("tradepost.sync.sources.jsonplaceholder.enabled", () -> "false");
    registry.add("tradepost.sync.sources.pokeapi.enabled", () -> "false");
    registry.add("tradepost.sync.on-start", () -> "false");
    registry.add("tradepost.sync.interval", () -> "3650d");
    registry.add("tradepost.sync.retry.max-attempts", () -> "3");
    // One city at a time: the first failure of a run is then always the first city's.
    registry.add("tradepost.sync.sources.openweather.concurrency", () -> "1");
    registry.add("tradepost.sync.retry.initial-backoff", () -> "10ms");
    registry.add("tradepost.sync.retry.max-backoff", () -> "40ms");
    registry.add("tradepost.sync.http.read-timeout", () -> "2s");
    registry.add("tradepost.sync.http.deadline", () -> "4s");
    registry.add("tradepost.sync.http.max-body-size", () -> "16KB");
    registry.add("tradepost.sync.breaker.consecutive-failures", () -> "3");
    registry.add("tradepost.sync.breaker.open-for", () -> "60s");
    registry.add("logging.level.io.tradepost.sync", () -> "DEBUG");
    registry.add("logging.level.io.github.resilience4j", () -> "DEBUG");
  }

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  SourceGuards guards;

  Http http;
  final List<String> answers = new ArrayList<>();

  @BeforeEach
  void clean() {
    http = new Http(port);
    weather.resetAll();
    proxy.restore();
    guards.reset();
    jdbc.sql("DELETE FROM sync_rejects").update();
    jdbc.sql("DELETE FROM sync_items").update();
    jdbc.sql("DELETE FROM sync_runs").update();
  }

  @AfterEach
  void theKeyIsNowhere(CapturedOutput output) {
    var runs = jdbc.sql("SELECT COALESCE(error, '') FROM sync_runs").query(String.class).list();
    assertThat(runs).as("runs were recorded").isNotEmpty().noneMatch(e -> e.contains(CANARY));
    assertThat(jdbc.sql("SELECT reason || ' ' || raw_record FROM sync_rejects").query(String.class).list())
        .noneMatch(r -> r.contains(CANARY));
    answers.add(http.get("/api/v1/sync/runs?limit=100").body);
    answers.add(http.get("/api/v1/sync/status").body);
    answers.add(http.get("/api/v1/items?source=openweather").body);
    for (long id : jdbc.sql("SELECT id FROM sync_runs").query(Long.class).list()) {
      answers.add(http.get("/api/v1/sync/runs/" + id).body);
    }
    assertThat(answers).noneMatch(a -> a.contains(CANARY));
    assertThat(output.getAll()).doesNotContain(CANARY);
  }

  @Test
  void connectionsCut() {
    proxy.cut();

    assertThat(syncFails()).contains("GET /weather?q=Jakarta failed: IOException");
  }

  @Test
  void serverErrorsUntilTheRetriesRunOutThenTheBreakerOpen() {
    everyCity(Upstreams.status(500));

    assertThat(syncFails()).contains("answered 500");
    assertThat(syncFails()).contains("circuit breaker of openweather is OPEN");
    assertThat(weather.findAll(getRequestedFor(urlPathEqualTo("/weather"))))
        .as("the key was sent upstream").allMatch(r -> r.getUrl().contains("appid=" + CANARY));
  }

  @Test
  void headersLaterThanTheReadTimeout() {
    everyCity(okJson(Upstreams.weather("Jakarta", Upstreams.CITIES.get("Jakarta"))).withFixedDelay(3000));

    assertThat(syncFails()).contains("timed out");
  }

  @Test
  void aConnectionResetMidAnswer() {
    everyCity(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.RANDOM_DATA_THEN_CLOSE));

    assertThat(syncFails()).contains("failed: ");
  }

  @Test
  void brokenJson() {
    everyCity(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"coord\":"));

    assertThat(syncFails()).contains("returned malformed JSON");
  }

  @Test
  void aBodyOverTheCap() {
    everyCity(okJson("{\"padding\":\"" + "x".repeat(20_000) + "\"}"));

    assertThat(syncFails()).contains("a body larger than the 16384 bytes");
  }

  @Test
  void anUnknownCityAndARecordThatEchoesTheRequestAreRejectsWithoutTheKey() {
    weather.stubFor(get(urlPathEqualTo("/weather")).withQueryParam("q", equalTo("Jakarta"))
        .willReturn(Upstreams.status(404)));
    // Not a weather record (no id, no main): a reject whose raw JSON quotes the URL it was asked by.
    weather.stubFor(get(urlPathEqualTo("/weather")).withQueryParam("q", equalTo("Bandung"))
        .willReturn(okJson("{\"cod\":200,\"request\":\"/data/2.5/weather?q=Bandung&appid=" + CANARY + "\"}")));
    weather.stubFor(get(urlPathEqualTo("/weather")).withQueryParam("q", equalTo("Surabaya"))
        .willReturn(okJson(Upstreams.weather("Surabaya", Upstreams.CITIES.get("Surabaya")))));

    var response = http.post("/api/v1/sync?source=openweather", "");
    answers.add(response.body);

    assertThat(response.status).as(response.body).isEqualTo(200);
    assertThat(response.json().get("runs").get(0).get("status").asString()).isEqualTo("PARTIAL");
    assertThat(jdbc.sql("SELECT raw_record FROM sync_rejects WHERE raw_record LIKE '%request%'")
        .query(String.class).single()).contains("appid=[redacted]");
  }

  @Test
  void aSeedSyncThatFails() {
    everyCity(Upstreams.status(503));

    var accepted = http.post("/sync", "{\"api_source\":\"weather\",\"params\":{\"cities\":[\"Jakarta\"]}}");
    answers.add(accepted.body);

    assertThat(accepted.status).as(accepted.body).isEqualTo(202);
    long runId = accepted.json().get("run_id").asLong();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        http.get("/api/v1/sync/runs/" + runId).json().get("status").asString().equals("FAILED"));
  }

  /** Runs a manual sync that must fail; returns its error after checking the answer. */
  private String syncFails() {
    var response = http.post("/api/v1/sync?source=openweather", "");
    answers.add(response.body);
    assertThat(response.status).as(response.body).isEqualTo(502);
    var run = response.json().get("runs").get(0);
    assertThat(run.get("status").asString()).isEqualTo("FAILED");
    return run.get("error").asString();
  }

  private static void everyCity(ResponseDefinitionBuilder response) {
    weather.stubFor(get(anyUrl()).willReturn(response));
  }
}
