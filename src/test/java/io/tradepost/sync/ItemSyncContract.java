package io.tradepost.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What users of sync rely on, over HTTP against WireMock, on every supported database (one subclass
 * each): honest counts, nothing rewritten that did not change, removals and restores, rejects set
 * aside, and the seed routes' shapes.
 */
abstract class ItemSyncContract {

  static final Upstreams upstreams = new Upstreams();

  @DynamicPropertySource
  static void upstream(DynamicPropertyRegistry registry) {
    upstreams.register(registry);
    registry.add("tradepost.sync.sources.openweather.api-key", () -> Upstreams.API_KEY);
  }

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  ItemStore store;

  @Autowired
  SourceGuards guards;

  @Autowired
  ItemCache cache;

  Http http;

  @BeforeEach
  void clean() {
    http = new Http(port);
    upstreams.reset();
    guards.reset();
    jdbc.sql("DELETE FROM sync_items").update();
    jdbc.sql("DELETE FROM sync_rejects").update();
    jdbc.sql("DELETE FROM sync_runs").update();
    List.of("jsonplaceholder", "pokeapi", "openweather").forEach(cache::evict);
  }

  JsonNode sync(String source) {
    var response = http.post("/api/v1/sync?source=" + source, "");
    assertThat(response.status).as(response.body).isIn(200, 502);
    return response.json().get("runs").get(0);
  }

  @Test
  void aSecondRunWithNoUpstreamChangeCountsEverythingUnchangedAndWritesNothing() {
    upstreams.posts(Upstreams.posts());

    var first = sync("jsonplaceholder");
    assertThat(first.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(first.get("fetched").asInt()).isEqualTo(100);
    assertThat(first.get("created").asInt()).isEqualTo(100);
    assertThat(first.get("updated").asInt()).isZero();
    var stamps = updatedAt();
    long writes = store.writeStatements();

    var second = sync("jsonplaceholder");

    assertThat(second.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(second.get("unchanged").asInt()).isEqualTo(100);
    assertThat(second.get("created").asInt()).isZero();
    assertThat(second.get("updated").asInt()).isZero();
    assertThat(second.get("removed").asInt()).isZero();
    assertThat(store.writeStatements()).as("write statements issued by the second run").isEqualTo(writes);
    assertThat(updatedAt()).isEqualTo(stamps);
  }

  @Test
  void aChangedRecordIsUpdatedAMissingOneRemovedAndRestoredWhenItComesBack() {
    var posts = Upstreams.posts();
    upstreams.posts(posts);
    sync("jsonplaceholder");

    var changed = new ArrayList<>(posts);
    changed.set(4, Upstreams.post(5, "a new title for five"));
    upstreams.posts(changed);
    var update = sync("jsonplaceholder");
    assertThat(update.get("updated").asInt()).isEqualTo(1);
    assertThat(update.get("unchanged").asInt()).isEqualTo(99);
    assertThat(title("5")).isEqualTo("a new title for five");

    var missing = new ArrayList<>(changed);
    missing.remove(9);
    upstreams.posts(missing);
    var removal = sync("jsonplaceholder");
    assertThat(removal.get("removed").asInt()).isEqualTo(1);
    assertThat(http.get("/api/v1/items?source=jsonplaceholder").json().get("total").asInt()).isEqualTo(99);
    assertThat(http.get("/posts/10").status).isEqualTo(404);
    assertThat(http.get("/api/v1/items?source=jsonplaceholder&include_removed=true").json().get("total").asInt())
        .isEqualTo(100);

    upstreams.posts(changed);
    var restore = sync("jsonplaceholder");
    assertThat(restore.get("updated").asInt()).as("restored counts as updated").isEqualTo(1);
    assertThat(restore.get("removed").asInt()).isZero();
    assertThat(http.get("/posts/10").status).isEqualTo(200);
  }

  @Test
  void tenBadRecordsOutOfAHundredArePartialWithNinetyStoredAndTenRejectedAndNothingRemoved() {
    upstreams.posts(Upstreams.posts());
    sync("jsonplaceholder");
    List<Object> posts = new ArrayList<>(Upstreams.posts());
    for (int i = 0; i < 10; i++) {
      var bad = new java.util.LinkedHashMap<>(Upstreams.post(i + 1, "t"));
      switch (i % 4) {
        case 0 -> bad.remove("id");
        case 1 -> bad.put("title", "x".repeat(501));
        case 2 -> bad.put("id", "not-a-number");
        default -> bad.put("userId", "seven");
      }
      posts.set(i, bad);
    }
    upstreams.posts(posts);

    var run = sync("jsonplaceholder");

    assertThat(run.get("status").asString()).isEqualTo("PARTIAL");
    assertThat(run.get("fetched").asInt()).isEqualTo(100);
    assertThat(run.get("rejected").asInt()).isEqualTo(10);
    assertThat(run.get("unchanged").asInt()).isEqualTo(90);
    assertThat(run.get("removed").asInt()).as("a partial run removes nothing").isZero();
    assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_rejects WHERE run_id = ?").param(run.get("id").asLong())
        .query(Long.class).single()).isEqualTo(10);
    assertThat(jdbc.sql("SELECT reason FROM sync_rejects ORDER BY id").query(String.class).list())
        .contains("id is missing", "title is longer than 500 characters", "id must be an integer",
            "userId must be an integer");
    assertThat(jdbc.sql("SELECT raw_record FROM sync_rejects ORDER BY id").query(String.class).list().get(0))
        .contains("\"userId\":1");
  }

  @Test
  void aFreshStoreTakesNinetyOfAHundredWhenTenAreBad() {
    List<Object> posts = new ArrayList<>(Upstreams.posts());
    for (int i = 90; i < 100; i++) {
      posts.set(i, Map.of("userId", 1, "title", "no id"));
    }
    upstreams.posts(posts);

    var run = sync("jsonplaceholder");

    assertThat(run.get("status").asString()).isEqualTo("PARTIAL");
    assertThat(run.get("created").asInt()).isEqualTo(90);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_items").query(Long.class).single()).isEqualTo(90);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_rejects").query(Long.class).single()).isEqualTo(10);
  }

  @Test
  void everyPokemonOfEveryPageIsStoredWithItsIdFromTheUrl() {
    upstreams.pokemon();

    var run = sync("pokeapi");

    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.get("pages").asInt()).isEqualTo(66);
    assertThat(run.get("fetched").asInt()).isEqualTo(1302);
    assertThat(run.get("created").asInt()).isEqualTo(1302);
    assertThat(jdbc.sql("SELECT title FROM sync_items WHERE source = 'pokeapi' AND external_id = '10277'")
        .query(String.class).single()).isEqualTo("pokemon-10277");
    var again = sync("pokeapi");
    assertThat(again.get("unchanged").asInt()).isEqualTo(1302);
    assertThat(again.get("created").asInt() + again.get("updated").asInt()).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPokemonWhoseUrlNamesNoIdIsRejectedAndTheRestOfItsPageStored() {
    upstreams.pokemon();
    var page = Upstreams.pokemonPage(640, Upstreams.POKEMON, Upstreams.POKEMON);
    var results = (List<Map<String, Object>>) page.get("results");
    results.get(3).put("url", "https://pokeapi.co/api/v2/pokemon/missingno/");
    upstreams.pokemonPage(640, page);

    var run = sync("pokeapi");

    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("PARTIAL");
    assertThat(run.get("fetched").asInt()).isEqualTo(1302);
    assertThat(run.get("created").asInt()).isEqualTo(1301);
    assertThat(run.get("rejected").asInt()).isEqualTo(1);
    assertThat(jdbc.sql("SELECT reason FROM sync_rejects").query(String.class).single())
        .isEqualTo("url names no Pokémon id");
    assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_items WHERE source = 'pokeapi' AND external_id IN ('643', '645')")
        .query(Long.class).single()).as("the rejected one's neighbours").isEqualTo(2);
  }

  @Test
  void aPokemonListThatGrewDuringTheCrawlIsFollowedToItsNewEnd() {
    upstreams.pokemon();
    int grown = Upstreams.POKEMON + 20;
    upstreams.pokemonPage(1300, Upstreams.pokemonPage(1300, grown, grown));
    upstreams.pokemonPage(1320, Upstreams.pokemonPage(1320, grown, grown));

    var run = sync("pokeapi");

    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.get("pages").asInt()).isEqualTo(67);
    assertThat(run.get("created").asInt()).isEqualTo(grown);
    assertThat(http.get("/api/v1/items?source=pokeapi&limit=1").json().get("total").asInt()).isEqualTo(grown);
  }

  @Test
  void weatherIsFetchedForTheThreeConfiguredCities() {
    upstreams.weather();

    var run = sync("openweather");

    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.get("created").asInt()).isEqualTo(3);
    var items = http.get("/items?api_source=openweather").json();
    assertThat(items.get("total").asInt()).isEqualTo(3);
    var jakarta = items.get("items").valueStream()
        .filter(i -> i.get("title").asString().equals("Jakarta")).findFirst().orElseThrow();
    assertThat(jakarta.get("external_id").asString()).isEqualTo("1642911");
    assertThat(jakarta.get("body").asString()).isEqualTo("scattered clouds");
    assertThat(jakarta.get("attributes").get("temp").asDouble()).isEqualTo(31.2);
    assertThat(jakarta.get("attributes").get("country").asString()).isEqualTo("ID");
  }

  @Test
  void seedRoutesAnswerInTheirShapes() {
    upstreams.posts(Upstreams.posts());
    upstreams.weather();
    var run = sync("jsonplaceholder");
    sync("openweather");

    var items = http.get("/api/v1/items?source=jsonplaceholder&limit=5&offset=2");
    assertThat(items.status).isEqualTo(200);
    assertThat(items.header("X-Cache")).isIn("HIT", "MISS");
    var page = items.json();
    assertThat(fieldNames(page)).containsExactly("data", "count", "total", "limit", "offset", "cached", "timestamp");
    assertThat(page.get("count").asInt()).isEqualTo(5);
    assertThat(page.get("total").asInt()).isEqualTo(100);
    assertThat(page.get("limit").asInt()).isEqualTo(5);
    assertThat(page.get("offset").asInt()).isEqualTo(2);
    var item = page.get("data").get(0);
    assertThat(fieldNames(item)).containsExactly("id", "source", "external_id", "title", "body", "attributes",
        "created_at", "updated_at");
    assertThat(item.get("external_id").asString()).isEqualTo("3");
    assertThat(item.get("attributes").get("userId").asInt()).isEqualTo(1);

    var seedItems = http.get("/items?limit=2").json();
    assertThat(fieldNames(seedItems)).containsExactly("items", "total");
    assertThat(seedItems.get("total").asInt()).isEqualTo(103);
    assertThat(seedItems.get("items").size()).isEqualTo(2);
    long id = seedItems.get("items").get(0).get("id").asLong();
    var seedItem = http.get("/items/" + id).json();
    assertThat(fieldNames(seedItem)).containsExactly("item");
    assertThat(seedItem.get("item").get("id").asLong()).isEqualTo(id);
    assertThat(http.get("/items/abc").status).isEqualTo(400);
    assertThat(http.get("/items/999999").status).isEqualTo(404);
    assertThat(http.sendingInvalidRequests().get("/items?limit=0").status).isEqualTo(400);
    assertThat(http.sendingInvalidRequests().get("/items?limit=101").status).isEqualTo(400);
    assertThat(http.sendingInvalidRequests().get("/items?offset=-1").status).isEqualTo(400);
    assertThat(http.get("/items?api_source=nope").status).isEqualTo(400);

    var posts = http.get("/posts").json();
    assertThat(fieldNames(posts)).containsExactly("posts", "count", "limit", "offset");
    assertThat(posts.get("count").asInt()).isEqualTo(10);
    assertThat(posts.get("limit").asInt()).isEqualTo(10);
    var post = http.get("/posts/7").json();
    assertThat(fieldNames(post)).containsExactly("userId", "id", "title", "body", "ingested_at", "source");
    assertThat(post.get("userId").asInt()).isEqualTo(1);
    assertThat(post.get("id").asInt()).isEqualTo(7);
    assertThat(post.get("title").asString()).isEqualTo("post title 7");
    assertThat(post.get("source").asString()).isEqualTo("placeholder_api");
    assertThat(http.get("/posts/abc").status).isEqualTo(400);
    assertThat(http.get("/posts/999").status).isEqualTo(404);

    var status = http.get("/status").json();
    assertThat(fieldNames(status)).containsExactly("last_successful_run", "last_attempt", "status", "records_ingested");
    assertThat(status.get("status").asString()).isEqualTo("success");
    assertThat(status.get("records_ingested").asInt()).isEqualTo(100);

    var runs = http.get("/api/v1/sync/runs?source=jsonplaceholder").json();
    assertThat(fieldNames(runs)).containsExactly("data", "total", "limit", "offset");
    var one = http.get("/api/v1/sync/runs/" + run.get("id").asLong()).json();
    assertThat(fieldNames(one)).containsExactly("id", "source", "trigger", "status", "started_at", "finished_at",
        "pages", "fetched", "created", "updated", "unchanged", "removed", "rejected", "attempts", "error");
    assertThat(one.get("trigger").asString()).isEqualTo("MANUAL");
    assertThat(http.get("/api/v1/sync/runs/abc").status).isEqualTo(400);
    assertThat(http.get("/api/v1/sync/runs/999999").status).isEqualTo(404);

    var syncStatus = http.get("/api/v1/sync/status").json().get("sources");
    assertThat(syncStatus.size()).isEqualTo(3);
    var placeholder = syncStatus.get(0);
    assertThat(placeholder.get("source").asString()).isEqualTo("jsonplaceholder");
    assertThat(placeholder.get("state").asString()).isEqualTo("idle");
    assertThat(placeholder.get("records").asInt()).isEqualTo(100);
    assertThat(placeholder.get("circuit_breaker").asString()).isEqualTo("CLOSED");
    assertThat(placeholder.get("last_success").isNull()).isFalse();
    assertThat(placeholder.get("next_run").isNull()).isFalse();
  }

  @Test
  void theSeedSyncRouteAcceptsAndRunsInTheBackground() {
    upstreams.pokemon();

    var accepted = http.post("/sync", """
        {"force_sync": false, "api_source": "pokemon", "operation": "list", "params": {"limit": 20, "offset": 0}}""");

    assertThat(accepted.status).as(accepted.body).isEqualTo(202);
    assertThat(fieldNames(accepted.json())).containsExactly("status", "message", "run_id");
    assertThat(accepted.json().get("status").asString()).isEqualTo("accepted");
    long runId = accepted.json().get("run_id").asLong();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        http.get("/api/v1/sync/runs/" + runId).json().get("status").asString().equals("SUCCEEDED"));
    assertThat(http.get("/items?api_source=pokemon&limit=1").json().get("total").asInt()).isEqualTo(1302);

    var unknown = http.sendingInvalidRequests().post("/sync", "{\"api_source\": \"digimon\"}");
    assertThat(unknown.status).isEqualTo(400);
    assertThat(unknown.json().get("code").asString()).isEqualTo("VALIDATION_FAILED");
  }

  private List<LocalDateTime> updatedAt() {
    return jdbc.sql("SELECT updated_at FROM sync_items ORDER BY id").query(LocalDateTime.class).list();
  }

  private String title(String externalId) {
    return jdbc.sql("SELECT title FROM sync_items WHERE source = 'jsonplaceholder' AND external_id = ?")
        .param(externalId).query(String.class).single();
  }

  static List<String> fieldNames(JsonNode node) {
    return new ArrayList<>(node.propertyNames());
  }
}
