package io.tradepost.sync;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** JSONPlaceholder posts: {@code GET {base}/posts}, one array of {@code {userId, id, title, body}}. */
@Component
@Order(1)
class JsonPlaceholderSource implements ExternalSource {

  static final String NAME = "jsonplaceholder";
  private final SyncProperties.Source settings;

  JsonPlaceholderSource(SyncProperties properties) {
    this.settings = properties.source(NAME, "https://jsonplaceholder.typicode.com");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> aliases() {
    return List.of("posts", "placeholder_api");
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
    var json = upstream.get(URI.create(settings.baseUrl() + "/posts"), "GET /posts");
    if (!json.isArray()) {
      throw UpstreamFailure.malformed("GET /posts", "JSON that is not an array of posts");
    }
    var records = new ArrayList<SyncRecord>();
    var rejects = new ArrayList<SyncRecord.Reject>();
    for (var post : json) {
      var check = new RecordCheck(post);
      var id = check.integer("id");
      var userId = check.integer("userId");
      var title = check.text("title", SyncRecord.MAX_TITLE);
      var body = check.text("body", 100_000);
      var problem = check.problem();
      if (problem.isPresent()) {
        rejects.add(new SyncRecord.Reject(id == null ? null : id.toString(), problem.get(), post.toString()));
        continue;
      }
      var attributes = new LinkedHashMap<String, Object>();
      attributes.put("userId", userId);
      records.add(SyncRecord.of(id.toString(), title, body, attributes));
    }
    return new Fetched(records, rejects);
  }
}
