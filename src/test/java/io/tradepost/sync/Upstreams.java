package io.tradepost.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A WireMock server that answers like JSONPlaceholder, PokeAPI and OpenWeather do: 100 posts
 * {@code {userId,id,title,body}}; 1,302 Pokémon in pages of 20 with {@code count}, {@code next},
 * {@code previous}; current weather for Jakarta, Bandung and Surabaya.
 */
final class Upstreams {

  static final String API_KEY = "test-key";
  static final int POKEMON = 1302;
  final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

  Upstreams() {
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Points every source at this server; small retry, breaker and timeout numbers keep tests fast. */
  void register(DynamicPropertyRegistry registry) {
    registry.add("tradepost.sync.sources.jsonplaceholder.base-url", this::url);
    registry.add("tradepost.sync.sources.pokeapi.base-url", this::url);
    registry.add("tradepost.sync.sources.openweather.base-url", this::url);
    registry.add("tradepost.sync.on-start", () -> "false");
    // Slots are epoch-aligned: a long interval keeps scheduled runs out of these tests' way.
    registry.add("tradepost.sync.interval", () -> "3650d");
    registry.add("tradepost.sync.retry.initial-backoff", () -> "10ms");
    registry.add("tradepost.sync.retry.max-backoff", () -> "40ms");
    registry.add("tradepost.sync.http.read-timeout", () -> "1s");
    registry.add("tradepost.sync.breaker.open-for", () -> "1s");
  }

  void reset() {
    server.resetAll();
  }

  // --- JSONPlaceholder --------------------------------------------------------------------------

  static List<Map<String, Object>> posts() {
    var posts = new ArrayList<Map<String, Object>>();
    for (int id = 1; id <= 100; id++) {
      posts.add(post(id, "post title " + id));
    }
    return posts;
  }

  static Map<String, Object> post(int id, String title) {
    var post = new java.util.LinkedHashMap<String, Object>();
    post.put("userId", (id - 1) / 10 + 1);
    post.put("id", id);
    post.put("title", title);
    post.put("body", "body of post " + id + "\nsecond line");
    return post;
  }

  void posts(List<?> posts) {
    posts(okJson(Json.write(posts)));
  }

  void posts(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
    server.stubFor(get(urlPathEqualTo("/posts")).willReturn(response));
  }

  /** Answers /posts with each response in turn, the last one from then on. */
  void postsInTurn(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... responses) {
    for (int i = 0; i < responses.length; i++) {
      var state = i == 0 ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED : "step" + i;
      var stub = get(urlPathEqualTo("/posts")).inScenario("posts").whenScenarioStateIs(state)
          .willReturn(responses[i]);
      if (i < responses.length - 1) {
        stub = stub.willSetStateTo("step" + (i + 1));
      }
      server.stubFor(stub);
    }
  }

  int postRequests() {
    return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/posts"))).size();
  }

  // --- PokeAPI ----------------------------------------------------------------------------------

  /** Real ids: 1–1025, then the forms 10001–10277. */
  static int pokemonId(int index) {
    return index < 1025 ? index + 1 : 10001 + (index - 1025);
  }

  void pokemon(UnaryOperator<MappingBuilder> latency) {
    for (int offset = 0; offset < POKEMON; offset += 20) {
      server.stubFor(latency.apply(get(urlPathEqualTo("/pokemon"))
              .withQueryParam("limit", equalTo("20")).withQueryParam("offset", equalTo(Integer.toString(offset))))
          .willReturn(okJson(pokemonPage(offset))));
    }
  }

  void pokemon() {
    pokemon(UnaryOperator.identity());
  }

  /** Answers the page at {@code offset} with {@code page} instead (the newest stub wins in WireMock). */
  void pokemonPage(int offset, Map<String, Object> page) {
    server.stubFor(get(urlPathEqualTo("/pokemon"))
        .withQueryParam("limit", equalTo("20")).withQueryParam("offset", equalTo(Integer.toString(offset)))
        .willReturn(okJson(Json.write(page))));
  }

  static String pokemonPage(int offset) {
    return Json.write(pokemonPage(offset, POKEMON, POKEMON));
  }

  /** The page at {@code offset} of a list that has {@code listed} Pokémon but says {@code count}. */
  static Map<String, Object> pokemonPage(int offset, int listed, int count) {
    var results = new ArrayList<Map<String, Object>>();
    for (int i = offset; i < Math.min(listed, offset + 20); i++) {
      int id = pokemonId(i);
      results.add(new java.util.LinkedHashMap<>(
          Map.of("name", "pokemon-" + id, "url", "https://pokeapi.co/api/v2/pokemon/" + id + "/")));
    }
    var page = new java.util.LinkedHashMap<String, Object>();
    page.put("count", count);
    page.put("next", offset + 20 < listed
        ? "https://pokeapi.co/api/v2/pokemon?offset=" + (offset + 20) + "&limit=20" : null);
    page.put("previous", offset == 0 ? null
        : "https://pokeapi.co/api/v2/pokemon?offset=" + Math.max(0, offset - 20) + "&limit=20");
    page.put("results", results);
    return page;
  }

  // --- OpenWeather ------------------------------------------------------------------------------

  static final Map<String, Object[]> CITIES = Map.of(
      "Jakarta", new Object[] {1642911, 106.8451, -6.2146, 31.2},
      "Bandung", new Object[] {1650357, 107.6186, -6.9039, 24.6},
      "Surabaya", new Object[] {1625822, 112.7508, -7.2492, 32.8});

  void weather() {
    CITIES.forEach((city, facts) -> server.stubFor(get(urlPathEqualTo("/weather"))
        .withQueryParam("q", equalTo(city)).withQueryParam("appid", equalTo(API_KEY))
        .withQueryParam("units", equalTo("metric"))
        .willReturn(okJson(weather(city, facts)))));
  }

  static String weather(String city, Object[] facts) {
    return """
        {"coord":{"lon":%s,"lat":%s},"weather":[{"id":802,"main":"Clouds","description":"scattered clouds","icon":"03d"}],\
        "base":"stations","main":{"temp":%s,"feels_like":35.4,"temp_min":29.9,"temp_max":32.1,"pressure":1009,\
        "humidity":66,"sea_level":1009,"grnd_level":1003},"visibility":10000,"wind":{"speed":3.6,"deg":330},\
        "clouds":{"all":40},"dt":1732190400,"sys":{"type":1,"id":9383,"country":"ID","sunrise":1732140000,\
        "sunset":1732185000},"timezone":25200,"id":%s,"name":"%s","cod":200}"""
        .formatted(facts[1], facts[2], facts[3], facts[0], city);
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder status(int status) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody("{\"error\":\"" + status + "\"}");
  }

  /** Jackson for fixtures. */
  static final class Json {
    private static final tools.jackson.databind.ObjectMapper MAPPER = tools.jackson.databind.json.JsonMapper.builder().build();

    static String write(Object value) {
      return MAPPER.writeValueAsString(value);
    }
  }
}
