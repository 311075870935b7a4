package io.tradepost.sync;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * PokeAPI's Pokémon list: {@code GET {base}/pokemon?limit=&offset=}. The first page gives
 * {@code count}; the remaining pages are fetched concurrently (at most {@code concurrency} at a time)
 * by offset from the configured base URL rather than by the absolute {@code next} links, which name
 * the public host. If the list grew meanwhile, {@code next} on the last page says so and is followed.
 */
@Component
class PokeApiSource implements ExternalSource {

  static final String NAME = "pokeapi";
  private static final Pattern ID_IN_URL = Pattern.compile("/pokemon/(\\d+)/?$");
  private final SyncProperties.Source settings;

  PokeApiSource(SyncProperties properties) {
    this.settings = properties.sources().pokeapi();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> disabledBecause() {
    return settings.turnedOff(NAME);
  }

  @Override
  public Fetched fetch(Upstream upstream) {
    int size = settings.pageSize();
    var first = page(upstream, 0);
    var countNode = first.get("count");
    if (countNode == null || !countNode.isIntegralNumber() || countNode.asLong() < 0) {
      throw UpstreamFailure.malformed(shown(0), "a page without a count");
    }
    long count = countNode.asLong();
    var pages = new ArrayList<JsonNode>();
    pages.add(first);
    var rest = new ArrayList<Callable<JsonNode>>();
    for (long offset = size; offset < count; offset += size) {
      long at = offset;
      rest.add(() -> page(upstream, at));
    }
    pages.addAll(Concurrently.all(rest, settings.concurrency()));
    long offset = (long) (pages.size() - 1) * size;
    while (hasNext(pages.get(pages.size() - 1))) {
      offset += size;
      pages.add(page(upstream, offset));
    }
    var records = new ArrayList<SyncRecord>();
    var rejects = new ArrayList<SyncRecord.Reject>();
    for (var page : pages) {
      for (var result : page.get("results")) {
        read(result, records, rejects);
      }
    }
    return new Fetched(records, rejects);
  }

  private static void read(JsonNode result, List<SyncRecord> records, List<SyncRecord.Reject> rejects) {
    var check = new RecordCheck(result);
    var name = check.text("name", SyncRecord.MAX_TITLE);
    var url = check.text("url", 2000);
    String id = null;
    if (url != null) {
      var matcher = ID_IN_URL.matcher(url);
      if (matcher.find()) {
        id = matcher.group(1);
      } else {
        check.fail("url names no Pokémon id");
      }
    }
    var problem = check.problem();
    if (problem.isPresent()) {
      rejects.add(new SyncRecord.Reject(id, problem.get(), String.valueOf(result)));
      return;
    }
    var attributes = new LinkedHashMap<String, Object>();
    attributes.put("name", name);
    attributes.put("url", url);
    records.add(SyncRecord.of(id, name, null, attributes));
  }

  private JsonNode page(Upstream upstream, long offset) {
    var uri = URI.create(settings.baseUrl() + "/pokemon?limit=" + settings.pageSize() + "&offset=" + offset);
    var page = upstream.get(uri, shown(offset));
    if (!page.isObject() || page.get("results") == null || !page.get("results").isArray()) {
      throw UpstreamFailure.malformed(shown(offset), "a page without results");
    }
    return page;
  }

  private static boolean hasNext(JsonNode page) {
    var next = page.get("next");
    return next != null && next.isString() && !next.asString().isBlank() && page.get("results").size() > 0;
  }

  private String shown(long offset) {
    return "GET /pokemon?limit=" + settings.pageSize() + "&offset=" + offset;
  }
}
