package io.tradepost.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import io.tradepost.support.OnH2;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What an upstream may not do to a run: stall mid-body, send a body over the cap, or claim (by
 * {@code count} or by {@code next} links without end) more pages than a run may fetch. Each ends the
 * run FAILED with that reason, and the source is free for the next run.
 */
@OnH2
class SyncLimitsIT {

  static final Upstreams upstreams = new Upstreams();
  static final StallingWeather weather = new StallingWeather();
  static final String POSTS = Upstreams.Json.write(Upstreams.posts());

  @DynamicPropertySource
  static void upstream(DynamicPropertyRegistry registry) {
    upstreams.register(registry);
    registry.add("tradepost.sync.sources.openweather.base-url", weather::url);
    registry.add("tradepost.sync.sources.openweather.api-key", () -> Upstreams.API_KEY);
    // Generous, for a busy machine: a cold first request must fit in it.
    registry.add("tradepost.sync.http.read-timeout", () -> "10s");
    registry.add("tradepost.sync.http.deadline", () -> "4s");
    registry.add("tradepost.sync.http.max-body-size", () -> "64KB");
    registry.add("tradepost.sync.retry.max-attempts", () -> "2");
    registry.add("tradepost.sync.max-pages", () -> "70");
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

  JsonNode sync(String source) {
    var response = http.post("/api/v1/sync?source=" + source, "");
    assertThat(response.status).as(response.body).isIn(200, 502);
    return response.json().get("runs").get(0);
  }

  @Test
  void aBodyThatStallsAfterItsHeadersFailsTheRunAtTheDeadlineAndFreesTheSource() {
    weather.stall = true;

    long start = System.nanoTime();
    var run = sync("openweather");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(run.get("status").asString()).isEqualTo("FAILED");
    assertThat(run.get("error").asString()).startsWith("GET /weather?q=")
        .endsWith(" gave no complete answer within its 4000 ms deadline (tradepost.sync.http.deadline)");
    assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_runs WHERE running_source IS NOT NULL").query(Long.class).single())
        .isZero();
    weather.stall = false;
    // Six deadlines in a row (three cities, two attempts) may have opened the breaker: not the point here.
    guards.reset();
    var next = sync("openweather");
    assertThat(next.get("status").asString()).as(next.toString()).isEqualTo("SUCCEEDED");
    assertThat(next.get("created").asInt()).isEqualTo(3);
  }

  @Test
  void aBodyOverTheCapFailsTheRunAtOnceAndWritesNothing() {
    upstreams.posts(okJson(bigPosts()));

    var run = sync("jsonplaceholder");

    assertThat(run.get("status").asString()).isEqualTo("FAILED");
    assertThat(run.get("error").asString()).isEqualTo("GET /posts returned a body larger than the 65536 bytes "
        + "a response may have (tradepost.sync.http.max-body-size)");
    assertThat(run.get("attempts").asInt()).isEqualTo(1);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_items").query(Long.class).single()).isZero();
  }

  @Test
  void aChunkedBodyIsCutOffOnceItPassesTheCap() {
    // Chunked: no Content-Length to refuse it by, so the bytes are counted as they come.
    upstreams.posts(okJson(bigPosts()).withChunkedDribbleDelay(20, 200));

    var run = sync("jsonplaceholder");

    assertThat(run.get("status").asString()).isEqualTo("FAILED");
    assertThat(run.get("error").asString()).contains("a body larger than the 65536 bytes");
  }

  @Test
  void aPokemonCountBeyondThePageCapFailsTheRunAfterTheFirstPage() {
    upstreams.pokemonPage(0, Upstreams.pokemonPage(0, 100_000_000, 100_000_000));

    var run = sync("pokeapi");

    assertThat(run.get("status").asString()).isEqualTo("FAILED");
    assertThat(run.get("error").asString()).isEqualTo("GET /pokemon?limit=20&offset=0 returned count 100000000, "
        + "5000000 pages of 20, more than the 70 pages a run may fetch (tradepost.sync.max-pages)");
    assertThat(pokemonRequests()).isEqualTo(1);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_items").query(Long.class).single()).isZero();
  }

  @Test
  void nextLinksWithoutEndAreFollowedOnlyUpToThePageCap() {
    // Every page says the list has one page, yet links to another one.
    var endless = Upstreams.pokemonPage(0, 1_000_000, 20);
    upstreams.server.stubFor(get(urlPathEqualTo("/pokemon")).willReturn(okJson(Upstreams.Json.write(endless))));

    var run = sync("pokeapi");

    assertThat(run.get("status").asString()).isEqualTo("FAILED");
    assertThat(run.get("error").asString()).isEqualTo(
        "GET /pokemon?limit=20&offset=1400 not sent: the run reached its cap of 70 pages (tradepost.sync.max-pages)");
    assertThat(run.get("pages").asInt()).isEqualTo(70);
    assertThat(pokemonRequests()).as("70 pages, each sent until it answered").isEqualTo(run.get("attempts").asInt());
  }

  @Test
  void aSlowButSteadyBodyWithinTheDeadlineIsRead() {
    upstreams.posts(okJson(POSTS).withChunkedDribbleDelay(5, 500));

    var run = sync("jsonplaceholder");

    assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.get("attempts").asInt()).isEqualTo(1);
    assertThat(run.get("created").asInt()).isEqualTo(100);
  }

  @Test
  void theSyncRoutesRefuseOversizedFieldsWithProblemsNamingThemAndStartNothing() {
    var manyCities = "\"Jakarta\",".repeat(100) + "\"Bandung\"";
    var bad = http.sendingInvalidRequests();
    refused(bad.post("/sync", "{\"api_source\":\"posts\",\"params\":{\"cities\":[" + manyCities + "]}}"),
        "params.cities");
    refused(bad.post("/sync", "{\"api_source\":\"posts\",\"params\":{\"cities\":[\" \"]}}"), "params.cities");
    refused(bad.post("/sync", "{\"api_source\":\"posts\",\"operation\":\"" + "o".repeat(101) + "\"}"), "operation");
    var longName = "pokemon".repeat(10_000);
    var seed = http.post("/sync", "{\"api_source\":\"" + longName + "\"}");
    refused(seed, "api_source");
    // Within Tomcat's 8 KB request line: the controller's answer is what this is about.
    var manual = http.post("/api/v1/sync?source=" + "pokemon".repeat(300), "");
    refused(manual, "source");
    assertThat(seed.body.length() + manual.body.length()).as("the name is not echoed").isLessThan(2000);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_runs").query(Long.class).single()).isZero();
  }

  private static void refused(Http.Response response, String field) {
    assertThat(response.status).as(response.body).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("code").asString()).isEqualTo("VALIDATION_FAILED");
    assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
  }

  private static String bigPosts() {
    var posts = Upstreams.posts();
    posts.forEach(p -> p.put("body", "x".repeat(1000)));
    return Upstreams.Json.write(posts);
  }

  private static int pokemonRequests() {
    return upstreams.server.findAll(getRequestedFor(urlPathEqualTo("/pokemon"))).size();
  }

  /**
   * An OpenWeather that sends its headers (with the body's length) and the first half of the body at
   * once, then, while {@code stall} is set, nothing more until the client hangs up.
   */
  static final class StallingWeather {
    volatile boolean stall;
    private final ServerSocket server;

    StallingWeather() {
      try {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      daemon(() -> {
        while (!server.isClosed()) {
          try {
            var socket = server.accept();
            daemon(() -> answer(socket));
          } catch (IOException closed) {
            return;
          }
        }
      });
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void answer(Socket socket) {
      try (socket) {
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        var requestLine = in.readLine();
        for (var line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          // headers: not needed
        }
        var city = requestLine.replaceAll(".*[?&]q=([^& ]+).*", "$1");
        var body = Upstreams.weather(city, Upstreams.CITIES.get(city)).getBytes(StandardCharsets.UTF_8);
        var out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, 0, body.length / 2);
        out.flush();
        if (stall) {
          while (socket.getInputStream().read() >= 0) {
            // held open until the client gives up
          }
          return;
        }
        out.write(body, body.length / 2, body.length - body.length / 2);
        out.flush();
      } catch (IOException gone) {
        // the client hung up
      }
    }

    private static void daemon(Runnable task) {
      var thread = new Thread(task, "stalling-weather");
      thread.setDaemon(true);
      thread.start();
    }
  }
}
