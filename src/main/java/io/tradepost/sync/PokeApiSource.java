package io.tradepost.sync;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * PokeAPI's Pokémon list: {@code GET {base}/pokemon?limit=&offset=}. The first page gives
 * {@code count}; the remaining pages are fetched concurrently (at most {@code concurrency} at a time)
 * by offset from the configured base URL rather than by the absolute {@code next} links, which name
 * the public host. If the list grew meanwhile, {@code next} on the last page says so and is followed.
 * Neither is trusted beyond the run's page cap.
 */
@Component
@Order(2)
class PokeApiSource implements ExternalSource {

  static final String NAME = "pokeapi";
  private static final Pattern ID_IN_URL = Pattern.compile("/pokemon/(\\d+)/?$");
  private final SyncProperties.Source settings;

  PokeApiSource(SyncProperties properties) {
    this.settings = properties.source(NAME, "https://pokeapi.co/api/v2");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> aliases() {
    return List.of("pokemon");
  }

  @Override
  public SyncProperties.Source settings() {
    return settings;
  }

  @Override
  public Optional<String> disabledBecause() {
    return settings.turnedOff(NAME);
  }

  @Override
  public Fetched fetch(Upstream upstream) {
    int size = settings.pageSize();
    var first = page(upstream, 0);
    if (first.count() < 0) {
      throw UpstreamFailure.malformed(shown(0), "a page without a count");
    }
    // count is the upstream's word: refuse a crawl longer than a run may be before sending any of it.
    long needed = (first.count() + size - 1) / size;
    if (needed > upstream.maxPages()) {
      throw UpstreamFailure.malformed(shown(0), "count " + first.count() + ", " + needed + " pages of " + size
          + ", more than the " + upstream.maxPages() + " pages a run may fetch (tradepost.sync.max-pages)");
    }
    var pages = new ArrayList<Page>();
    pages.add(first);
    var rest = new ArrayList<Callable<Page>>();
    for (long offset = size; offset < first.count(); offset += size) {
      long at = offset;
      rest.add(() -> page(upstream, at));
    }
    pages.addAll(Concurrently.all(rest, settings.concurrency()));
    long offset = (long) (pages.size() - 1) * size;
    while (pages.get(pages.size() - 1).hasNext()) {
      offset += size;
      pages.add(page(upstream, offset));
    }
    var records = new ArrayList<SyncRecord>();
    var rejects = new ArrayList<SyncRecord.Reject>();
    for (var page : pages) {
      records.addAll(page.records());
      rejects.addAll(page.rejects());
    }
    return new Fetched(records, rejects);
  }

  /**
   * One page, already read into records: the fetching thread normalises and hashes a page while the
   * other pages are still on the wire, instead of all pages one after another at the end.
   *
   * @param count the list's length the page states, or -1 when it states none
   */
  private record Page(long count, boolean hasNext, List<SyncRecord> records, List<SyncRecord.Reject> rejects) {}

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

  private Page page(Upstream upstream, long offset) {
    var uri = URI.create(settings.baseUrl() + "/pokemon?limit=" + settings.pageSize() + "&offset=" + offset);
    var page = upstream.get(uri, shown(offset));
    var results = page.isObject() ? page.get("results") : null;
    if (results == null || !results.isArray()) {
      throw UpstreamFailure.malformed(shown(offset), "a page without results");
    }
    var records = new ArrayList<SyncRecord>(results.size());
    var rejects = new ArrayList<SyncRecord.Reject>();
    for (var result : results) {
      read(result, records, rejects);
    }
    var count = page.get("count");
    var next = page.get("next");
    return new Page(count != null && count.isIntegralNumber() && count.asLong() >= 0 ? count.asLong() : -1,
        next != null && next.isString() && !next.asString().isBlank() && !results.isEmpty(), records, rejects);
  }

  private String shown(long offset) {
    return "GET /pokemon?limit=" + settings.pageSize() + "&offset=" + offset;
  }
}
