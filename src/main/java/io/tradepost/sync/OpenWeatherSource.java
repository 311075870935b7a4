package io.tradepost.sync;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * OpenWeather current weather: {@code GET {base}/weather?q=CITY&appid=KEY&units=metric} per configured
 * city. Disabled until an API key is set. A city the API does not know (404) is set aside as a
 * reject, so one misspelt city does not hide the others' weather.
 */
@Component
@Order(3)
class OpenWeatherSource implements ExternalSource {

  static final String NAME = "openweather";
  private final SyncProperties.Source settings;

  OpenWeatherSource(SyncProperties properties) {
    this.settings = properties.source(NAME, "https://api.openweathermap.org/data/2.5");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> aliases() {
    return List.of("weather");
  }

  @Override
  public SyncProperties.Source settings() {
    return settings;
  }

  @Override
  public Optional<String> disabledBecause() {
    if (settings.enabled() && (settings.apiKey() == null || settings.apiKey().isBlank())) {
      return Optional.of("it has no API key; set TRADEPOST_SYNC_SOURCES_OPENWEATHER_APIKEY");
    }
    return settings.turnedOff(NAME);
  }

  @Override
  public Fetched fetch(Upstream upstream) {
    var calls = new ArrayList<Callable<Object>>();
    for (var city : settings.cities()) {
      calls.add(() -> weather(upstream, city));
    }
    var records = new ArrayList<SyncRecord>();
    var rejects = new ArrayList<SyncRecord.Reject>();
    for (var outcome : Concurrently.all(calls, settings.concurrency())) {
      if (outcome instanceof SyncRecord r) {
        records.add(r);
      } else {
        rejects.add((SyncRecord.Reject) outcome);
      }
    }
    return new Fetched(records, rejects);
  }

  private Object weather(Upstream upstream, String city) {
    var q = URLEncoder.encode(city, StandardCharsets.UTF_8);
    var shown = "GET /weather?q=" + q;
    JsonNode doc;
    try {
      doc = upstream.get(URI.create(settings.baseUrl() + "/weather?q=" + q + "&appid="
          + URLEncoder.encode(settings.apiKey(), StandardCharsets.UTF_8) + "&units=metric"), shown);
    } catch (UpstreamFailure e) {
      if (e.status() == 404) {
        return new SyncRecord.Reject(null, "city '" + city + "' is unknown upstream (404)",
            "{\"q\":" + tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(city) + "}");
      }
      throw e;
    }
    var check = new RecordCheck(doc);
    var id = check.integer("id");
    var name = check.text("name", SyncRecord.MAX_TITLE);
    var main = doc == null ? null : doc.get("main");
    var temp = check.number(main, "temp");
    var weather = doc == null ? null : doc.get("weather");
    if (weather == null || !weather.isArray()) {
      check.fail("weather must be an array");
    }
    var problem = check.problem();
    if (problem.isPresent()) {
      return new SyncRecord.Reject(id == null ? null : id.toString(), problem.get(), String.valueOf(doc));
    }
    var first = weather.size() > 0 ? weather.get(0) : null;
    var attributes = new LinkedHashMap<String, Object>();
    attributes.put("city", city);
    attributes.put("country", text(doc.path("sys").get("country")));
    attributes.put("temp", temp);
    attributes.put("feels_like", number(main.get("feels_like")));
    attributes.put("humidity", number(main.get("humidity")));
    attributes.put("pressure", number(main.get("pressure")));
    attributes.put("weather", first == null ? null : text(first.get("main")));
    attributes.put("wind_speed", number(doc.path("wind").get("speed")));
    attributes.put("observed_at", number(doc.get("dt")));
    var description = first == null ? null : text(first.get("description"));
    return SyncRecord.of(id.toString(), name, description, attributes);
  }

  private static String text(JsonNode node) {
    return node != null && node.isString() ? node.asString() : null;
  }

  private static Number number(JsonNode node) {
    return node != null && node.isNumber() ? node.numberValue() : null;
  }
}
