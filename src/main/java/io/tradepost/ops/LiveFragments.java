package io.tradepost.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders the parts of the pages that change (template {@code ops/live}) from one snapshot, once for
 * every open stream. The pages include the same fragments when they are first drawn.
 */
@Component
class LiveFragments {

  /** The fragments of {@code ops/live} sent over the stream; the page element {@code data-live="name"} shows each. */
  static final List<String> NAMES = List.of("overview", "jobcounts", "jobs", "sources", "runs", "backlog");

  private final ITemplateEngine templates;

  LiveFragments(ITemplateEngine templates) {
    this.templates = templates;
  }

  Map<String, String> render(Snapshot snapshot) {
    var context = new Context();
    context.setVariable("snapshot", snapshot);
    context.setVariable("sources", snapshot.sources());
    context.setVariable("runs", snapshot.recentRuns());
    context.setVariable("fmt", Formats.INSTANCE);
    var rendered = new LinkedHashMap<String, String>();
    for (var name : NAMES) {
      rendered.put(name, oneLine(templates.process("ops/live", Set.of(name), context)));
    }
    return rendered;
  }

  /** An event's data is one line here: the fragments hold no whitespace-sensitive text. */
  private static String oneLine(String html) {
    return html.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
