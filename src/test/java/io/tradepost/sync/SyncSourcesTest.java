package io.tradepost.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradepost.platform.InvalidInput;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Sources declare their names, aliases and settings; routes and configuration find them from that. */
class SyncSourcesTest {

  static SyncProperties fromEnvironment(Map<String, Object> variables) {
    var sources = new MutablePropertySources();
    sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        variables));
    return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("tradepost.sync", SyncProperties.class);
  }

  static SyncSources sources(SyncProperties properties) {
    return new SyncSources(List.of(new JsonPlaceholderSource(properties), new PokeApiSource(properties),
        new OpenWeatherSource(properties)));
  }

  @Test
  void routesAcceptEverySourceByItsNameAndBySeed001sNames() {
    var sources = sources(fromEnvironment(Map.of()));

    assertThat(List.of("pokemon", "POKEAPI", " weather ", "openweather", "posts", "placeholder_api", "jsonplaceholder"))
        .extracting(name -> sources.canonical(name, "api_source"))
        .containsExactly("pokeapi", "pokeapi", "openweather", "openweather", "jsonplaceholder", "jsonplaceholder",
            "jsonplaceholder");
    assertThat(sources.names()).containsExactly("jsonplaceholder", "pokeapi", "openweather");
    assertThatThrownBy(() -> sources.canonical("pokedex", "api_source"))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("must be one of [jsonplaceholder, pokeapi, openweather]");
  }

  @Test
  void aSourceIsConfiguredByEnvironmentVariablesAndOtherwiseRunsWithTheDefaults() {
    var properties = fromEnvironment(Map.of(
        "TRADEPOST_SYNC_SOURCES_POKEAPI_BASEURL", "http://127.0.0.1:8089/api/",
        "TRADEPOST_SYNC_SOURCES_POKEAPI_READTIMEOUT", "3s",
        "TRADEPOST_SYNC_SOURCES_OPENWEATHER_APIKEY", "k"));

    var pokeapi = new PokeApiSource(properties).settings();
    assertThat(pokeapi.baseUrl()).isEqualTo("http://127.0.0.1:8089/api");
    assertThat(pokeapi.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(pokeapi.pageSize()).isEqualTo(20);
    var posts = new JsonPlaceholderSource(properties).settings();
    assertThat(posts.baseUrl()).isEqualTo("https://jsonplaceholder.typicode.com");
    assertThat(posts.enabled()).isTrue();
    var weather = new OpenWeatherSource(properties);
    assertThat(weather.disabledBecause()).isEmpty();
    assertThat(weather.settings().cities()).containsExactly("Jakarta", "Bandung", "Surabaya");
  }

  @Test
  void twoSourcesCannotShareAName() {
    var properties = fromEnvironment(Map.of());
    var twin = new PokeApiSource(properties) {
      @Override
      public List<String> aliases() {
        return List.of("posts");
      }
    };

    assertThatThrownBy(() -> new SyncSources(List.of(new JsonPlaceholderSource(properties), twin)))
        .hasMessageContaining("called posts");
  }
}
