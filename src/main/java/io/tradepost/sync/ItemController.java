package io.tradepost.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tradepost.platform.DbTime;
import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.NotFound;
import io.tradepost.platform.Paging;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/** The synced items, in the shapes of seeds 000 ({@code /api/v1/items}), 001 ({@code /items}) and 003 ({@code /posts}). */
@RestController
@Tag(name = "sync")
class ItemController {

  private final ItemQueries queries;
  private final SyncSources sources;
  private final ItemCache cache;
  private final ObjectMapper json;
  private final Clock clock;

  ItemController(ItemQueries queries, SyncSources sources, ItemCache cache, ObjectMapper json, Clock clock) {
    this.queries = queries;
    this.sources = sources;
    this.cache = cache;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Seed 000's page. {@code timestamp} is when its items were read from the database: now on a miss,
   * the moment the page was cached on a hit — how fresh the data is, not when the answer was sent.
   */
  record ItemsPage(List<ItemView> data, int count, long total, int limit, long offset, boolean cached,
      Instant timestamp) {}

  @RequiresScope(Scope.SYNC_READ)
  @GetMapping(path = "/api/v1/items", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Seed 000: synced items, cached; X-Cache says HIT or MISS")
  @ApiResponse(responseCode = "200", description = "A page of items; X-Cache: HIT or MISS",
      headers = @io.swagger.v3.oas.annotations.headers.Header(name = "X-Cache", description = "HIT or MISS",
          schema = @Schema(type = "string", allowableValues = {"HIT", "MISS"})), content =
      @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ItemsPage.class)))
  ResponseEntity<byte[]> items(@RequestParam(required = false) String source,
      @RequestParam(defaultValue = "20") int limit, @RequestParam(defaultValue = "0") long offset,
      @RequestParam(name = "include_removed", defaultValue = "false") boolean includeRemoved) {
    Paging.check(limit, offset);
    var name = source == null ? null : sources.canonical(source, "source");
    // Rendered once per cache entry: every hit answers the same bytes, cached:true included.
    var lookup = cache.rendered(name, includeRemoved, limit, offset, () -> {
      var page = queries.page(name, includeRemoved, limit, offset);
      var readAt = DbTime.now(clock);
      return new ItemCache.Loaded<>(render(page, limit, offset, true, readAt),
          render(page, limit, offset, false, readAt));
    });
    return ResponseEntity.ok().header("X-Cache", lookup.hit() ? "HIT" : "MISS").body(lookup.value());
  }

  private byte[] render(ItemView.Page page, int limit, long offset, boolean cached, Instant readAt) {
    return json.writeValueAsBytes(
        new ItemsPage(page.items(), page.items().size(), page.total(), limit, offset, cached, readAt));
  }

  record SeedItems(List<ItemView> items, long total) {}

  record SeedItem(ItemView item) {}

  @RequiresScope(Scope.SYNC_READ)
  @GetMapping("/items")
  @Operation(summary = "Seed 001: synced items with the total of all matching rows")
  SeedItems seedItems(@RequestParam(defaultValue = "20") int limit, @RequestParam(defaultValue = "0") long offset,
      @RequestParam(name = "api_source", required = false) String apiSource,
      @RequestParam(name = "include_removed", defaultValue = "false") boolean includeRemoved) {
    Paging.check(limit, offset);
    var name = apiSource == null ? null : sources.canonical(apiSource, "api_source");
    var page = cache.page(name, includeRemoved, limit, offset, () -> queries.page(name, includeRemoved, limit, offset)).value();
    return new SeedItems(page.items(), page.total());
  }

  @RequiresScope(Scope.SYNC_READ)
  @GetMapping("/items/{id}")
  @Operation(summary = "Seed 001: one item; 400 for a non-numeric id, 404 when missing")
  SeedItem seedItem(@PathVariable String id) {
    long key = numericId(id);
    return new SeedItem(cache.item(Long.toString(key), ItemCache.all(), () -> queries.find(key))
        .orElseThrow(() -> NotFound.of("item", id)));
  }

  /** Seed 003's post: flat, with the upstream's own {@code userId} and {@code id}. */
  record Post(@JsonProperty("userId") long userId, long id, String title, String body, Instant ingestedAt,
      String source) {}

  record Posts(List<Post> posts, int count, int limit, long offset) {}

  @RequiresScope(Scope.SYNC_READ)
  @GetMapping("/posts")
  @Operation(summary = "Seed 003: ingested JSONPlaceholder posts")
  Posts posts(@RequestParam(defaultValue = "10") int limit, @RequestParam(defaultValue = "0") long offset) {
    Paging.check(limit, offset);
    var name = JsonPlaceholderSource.NAME;
    var page = cache.page(name, false, limit, offset, () -> queries.page(name, false, limit, offset)).value();
    var posts = page.items().stream().map(this::post).toList();
    return new Posts(posts, posts.size(), limit, offset);
  }

  @RequiresScope(Scope.SYNC_READ)
  @GetMapping("/posts/{id}")
  @Operation(summary = "Seed 003: one post by its JSONPlaceholder id; 400 non-numeric, 404 missing")
  Post post(@PathVariable String id) {
    var externalId = Long.toString(numericId(id));
    var name = JsonPlaceholderSource.NAME;
    return cache.item("post:" + externalId, name, () -> queries.findByExternalId(name, externalId))
        .map(this::post).orElseThrow(() -> NotFound.of("post", id));
  }

  private Post post(ItemView item) {
    Map<?, ?> attributes = json.readValue(item.attributes(), Map.class);
    var userId = attributes.get("userId") instanceof Number n ? n.longValue() : 0L;
    return new Post(userId, Long.parseLong(item.externalId()), item.title(), item.body(), item.updatedAt(),
        "placeholder_api");
  }

  /** A positive numeric id, or 400. */
  static long numericId(String id) {
    try {
      long value = Long.parseLong(id);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw InvalidInput.field("id", "must be a positive number");
  }
}
