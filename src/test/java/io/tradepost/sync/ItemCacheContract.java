package io.tradepost.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.Http;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The item cache as readers see it, for each cache implementation (one subclass each). */
abstract class ItemCacheContract {

  static final Upstreams upstreams = new Upstreams();

  @DynamicPropertySource
  static void upstream(DynamicPropertyRegistry registry) {
    upstreams.register(registry);
  }

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  ItemCache cache;

  Http http;

  @BeforeEach
  void clean() {
    http = new Http(port);
    upstreams.reset();
    jdbc.sql("DELETE FROM sync_items").update();
    jdbc.sql("DELETE FROM sync_runs").update();
    List.of("jsonplaceholder", "pokeapi", "openweather").forEach(cache::evict);
    upstreams.posts(Upstreams.posts());
    assertThat(sync()).isEqualTo(200);
  }

  int sync() {
    return http.post("/api/v1/sync?source=jsonplaceholder", "").status;
  }

  Http.Response items() {
    return http.get("/api/v1/items?source=jsonplaceholder&limit=3");
  }

  @Test
  void theFirstReadIsAMissAndTheSecondAHit() {
    var first = items();
    var second = items();

    assertThat(first.header("X-Cache")).isEqualTo("MISS");
    assertThat(first.json().get("cached").asBoolean()).isFalse();
    assertThat(second.header("X-Cache")).isEqualTo("HIT");
    assertThat(second.json().get("cached").asBoolean()).isTrue();
    assertThat(second.json().get("data")).isEqualTo(first.json().get("data"));
  }

  @Test
  void aHitSaysWhenItsItemsWereReadNotWhenItWasSent() {
    var first = items();
    var second = items();

    assertThat(second.header("X-Cache")).isEqualTo("HIT");
    assertThat(second.header("Content-Type")).startsWith("application/json");
    assertThat(second.json().get("timestamp").asString()).isEqualTo(first.json().get("timestamp").asString());
  }

  @Test
  void aRunThatChangedItemsEvictsTheSourcesPages() {
    items();
    assertThat(items().header("X-Cache")).isEqualTo("HIT");
    var changed = new ArrayList<>(Upstreams.posts());
    changed.set(0, Upstreams.post(1, "changed upstream"));
    upstreams.posts(changed);

    var run = http.post("/api/v1/sync?source=jsonplaceholder", "");
    assertThat(run.json().get("runs").get(0).get("updated").asInt()).as(run.body).isEqualTo(1);

    var after = items();
    assertThat(after.header("X-Cache")).as(after.body).isEqualTo("MISS");
    assertThat(after.json().get("data").get(0).get("title").asString()).isEqualTo("changed upstream");
  }

  @Test
  void aRunThatChangedNothingKeepsTheCache() {
    items();

    assertThat(sync()).isEqualTo(200);

    assertThat(items().header("X-Cache")).isEqualTo("HIT");
  }

  @Test
  void anEmptyResultIsCachedAsAnEmptyList() {
    var first = http.get("/api/v1/items?source=pokeapi");
    var second = http.get("/api/v1/items?source=pokeapi");

    assertThat(first.header("X-Cache")).isEqualTo("MISS");
    assertThat(second.header("X-Cache")).isEqualTo("HIT");
    assertThat(second.json().get("data").isArray()).isTrue();
    assertThat(second.json().get("data").size()).isZero();
    assertThat(second.json().get("total").asInt()).isZero();
  }
}
