package io.tradepost.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.tradepost.sync.ItemSyncContract.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import io.tradepost.platform.DbTime;
import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Retries, Retry-After, timeouts, broken JSON, the circuit breaker and the one-run-per-source lock. */
@OnH2
class SyncResilienceIT {

  static final Upstreams upstreams = new Upstreams();
  static final String POSTS = Upstreams.Json.write(Upstreams.posts());

  @DynamicPropertySource
  static void upstream(DynamicPropertyRegistry registry) {
    upstreams.register(registry);
  }

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  SourceGuards guards;

  Http http;

  @BeforeEach
  void clean() {
    http = new Http(port);
    upstreams.reset();
    guards.reset();
    jdbc.sql("DELETE FROM sync_items").update();
    jdbc.sql("DELETE FROM sync_runs").update();
  }

  JsonNode sync() {
    var response = http.post("/api/v1/sync?source=jsonplaceholder", "");
    assertThat(response.status).as(response.body).isIn(200, 502);
    return response.json().get("runs").get(0);
  }

  @Test
  void twoServerErrorsThenSuccessSucceedsWithThreeAttempts() {
    upstreams.postsInTurn(Upstreams.status(500), Upstreams.status(500), okJson(POSTS));

    var run = sync();

    assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.get("attempts").asInt()).isEqualTo(3);
    assertThat(run.get("created").asInt()).isEqualTo(100);
  }

  @Test
  void tooManyRequestsWithRetryAfterTwoWaitsAboutTwoSeconds() {
    upstreams.postsInTurn(Upstreams.status(429).withHeader("Retry-After", "2"), okJson(POSTS));

    var run = sync();

    assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.get("attempts").asInt()).isEqualTo(2);
    var took = Duration.between(Instant.parse(run.get("started_at").asString()),
        Instant.parse(run.get("finished_at").asString()));
    assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(6));
  }

  @Test
  void aRetryAfterBeyondTheCapFailsTheRunWithThatReason() {
    upstreams.posts(Upstreams.status(503).withHeader("Retry-After", "120"));

    var run = sync();

    assertThat(run.get("status").asString()).isEqualTo("FAILED");
    assertThat(run.get("attempts").asInt()).isEqualTo(1);
    assertThat(run.get("error").asString()).contains("Retry-After 120 s", "60 s");
  }

  @Test
  void notFoundIsTriedOnceAndFailsTheRunWithTheReason() {
    upstreams.posts(Upstreams.status(404));

    var response = http.post("/api/v1/sync?source=jsonplaceholder", "");

    assertThat(response.status).isEqualTo(502);
    assertThat(response.json().get("message").asString()).isEqualTo("sync failed for jsonplaceholder");
    var run = response.json().get("runs").get(0);
    assertThat(run.get("status").asString()).isEqualTo("FAILED");
    assertThat(run.get("attempts").asInt()).isEqualTo(1);
    assertThat(run.get("error").asString()).isEqualTo("GET /posts answered 404");
    assertThat(upstreams.postRequests()).isEqualTo(1);
  }

  @Test
  void aConnectionResetIsRetried() {
    // The JDK client itself retries a GET once when the connection drops, so two resets reach us as one.
    upstreams.postsInTurn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson(POSTS));

    var run = sync();

    assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.get("attempts").asInt()).isEqualTo(2);
    assertThat(upstreams.postRequests()).isEqualTo(3);
  }

  @Test
  void aReadTimeoutIsRetried() {
    upstreams.postsInTurn(okJson(POSTS).withFixedDelay(2500), okJson(POSTS));

    var run = sync();

    assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void malformedJsonFailsTheRunWithoutWritingAnything() {
    upstreams.posts(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("[{\"userId\":1,\"id\":1,\"title\":\"cut off"));

    var run = sync();

    assertThat(run.get("status").asString()).isEqualTo("FAILED");
    assertThat(run.get("error").asString()).isEqualTo("GET /posts returned malformed JSON");
    assertThat(run.get("attempts").asInt()).isEqualTo(1);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_items").query(Long.class).single()).isZero();
  }

  @Test
  void theBreakerOpensOnRepeatedFailuresHalfOpensAfterTheWaitAndClosesOnSuccess() {
    upstreams.posts(Upstreams.status(500));

    var first = sync();
    assertThat(first.get("attempts").asInt()).isEqualTo(4);
    var second = sync();
    assertThat(second.get("status").asString()).isEqualTo("FAILED");
    assertThat(breaker()).isEqualTo("OPEN");
    assertThat(second.get("error").asString()).contains("circuit breaker of jsonplaceholder is OPEN");
    int requests = upstreams.postRequests();
    assertThat(requests).as("5 consecutive failures open it").isEqualTo(5);

    var shortCircuited = sync();
    assertThat(shortCircuited.get("attempts").asInt()).isZero();
    assertThat(upstreams.postRequests()).isEqualTo(requests);

    await().atMost(Duration.ofSeconds(5)).until(() -> breaker().equals("HALF_OPEN"));
    upstreams.posts(okJson(POSTS));
    for (int trial = 0; trial < 3; trial++) {
      assertThat(sync().get("status").asString()).isEqualTo("SUCCEEDED");
    }
    assertThat(breaker()).isEqualTo("CLOSED");
  }

  @Test
  void twoConcurrentManualSyncsOfOneSourceRunOnceAndTheOtherIsRefusedNamingTheRun() {
    upstreams.posts(okJson(POSTS).withFixedDelay(700));

    var first = http.postAsync("/api/v1/sync?source=jsonplaceholder", "");
    await().atMost(Duration.ofSeconds(5)).until(() ->
        jdbc.sql("SELECT COUNT(*) FROM sync_runs WHERE status = 'RUNNING'").query(Long.class).single() == 1);
    var second = http.post("/api/v1/sync?source=jsonplaceholder", "");

    assertThat(second.status).isEqualTo(409);
    assertThat(second.json().get("code").asString()).isEqualTo("SYNC_IN_PROGRESS");
    long runId = jdbc.sql("SELECT id FROM sync_runs WHERE status = 'RUNNING'").query(Long.class).single();
    assertThat(second.json().get("detail").asString()).contains("Sync run " + runId + " of jsonplaceholder");
    assertThat(first.join().status).isEqualTo(200);
    var seed = http.post("/sync", "{\"api_source\":\"posts\"}");
    assertThat(seed.status).isEqualTo(202);
    assertThat(seed.json().get("run_id").asLong()).isGreaterThan(runId);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        jdbc.sql("SELECT COUNT(*) FROM sync_runs WHERE status = 'RUNNING'").query(Long.class).single() == 0);
  }

  @Test
  void aRunWhoseInstanceDiedIsMarkedFailedAndDoesNotBlockTheSource() {
    var longAgo = DbTime.toDb(Instant.now().minus(Duration.ofHours(1)));
    jdbc.sql("""
            INSERT INTO sync_runs (source, run_trigger, status, running_source, started_at, heartbeat_at)
            VALUES ('jsonplaceholder', 'SCHEDULED', 'RUNNING', 'jsonplaceholder', ?, ?)""")
        .params(longAgo, longAgo).update();
    upstreams.posts(okJson(POSTS));

    var run = sync();

    assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(jdbc.sql("SELECT error FROM sync_runs WHERE status = 'FAILED'").query(String.class).single())
        .isEqualTo("the instance running it stopped before it finished");
  }

  @Test
  void openWeatherWithoutAnApiKeyIsDisabledAndAManualSyncSaysWhatToSet() {
    var refused = http.post("/api/v1/sync?source=openweather", "");

    assertThat(refused.status).isEqualTo(409);
    assertThat(refused.json().get("code").asString()).isEqualTo("SOURCE_DISABLED");
    assertThat(refused.json().get("detail").asString()).contains("TRADEPOST_SYNC_SOURCES_OPENWEATHER_APIKEY");
    var weather = http.get("/api/v1/sync/status").json().get("sources").get(2);
    assertThat(weather.get("state").asString()).isEqualTo("disabled");
    assertThat(weather.get("reason").asString()).contains("TRADEPOST_SYNC_SOURCES_OPENWEATHER_APIKEY");
    assertThat(weather.get("next_run").isNull()).isTrue();
    assertThat(http.post("/api/v1/sync?source=digimon", "").status).isEqualTo(400);
    assertThat(fieldNames(http.post("/api/v1/sync?source=digimon", "").json())).contains("code", "detail");
  }

  @Test
  void syncingEverythingRunsEachEnabledSourceAndReportsEveryRun() {
    upstreams.posts(okJson(POSTS));
    upstreams.pokemon();

    var response = http.post("/api/v1/sync", "");

    assertThat(response.status).as(response.body).isEqualTo(200);
    assertThat(response.json().get("message").asString()).isEqualTo("sync completed successfully");
    assertThat(response.json().get("timestamp").isNull()).isFalse();
    var runs = response.json().get("runs");
    assertThat(runs.size()).as("openweather has no API key here").isEqualTo(2);
    assertThat(runs.get(0).get("source").asString()).isEqualTo("jsonplaceholder");
    assertThat(runs.get(1).get("source").asString()).isEqualTo("pokeapi");
    assertThat(runs.get(1).get("created").asInt()).isEqualTo(1302);
  }

  @Test
  void runsRecordsAndTheBreakerAreExportedAsMetrics() {
    upstreams.posts(okJson(POSTS));
    sync();

    var metrics = http.get("/metrics").body;

    assertThat(metrics)
        .contains("tradepost_sync_runs_total{source=\"jsonplaceholder\",status=\"SUCCEEDED\"}")
        .contains("tradepost_sync_records_total{outcome=\"created\",source=\"jsonplaceholder\"}")
        .contains("tradepost_sync_circuit_state{source=\"jsonplaceholder\"} 0.0")
        .contains("tradepost_sync_run_duration_seconds_count{source=\"jsonplaceholder\"}");
  }

  private String breaker() {
    return http.get("/api/v1/sync/status").json().get("sources").get(0).get("circuit_breaker").asString();
  }
}
