package io.tradepost.sync;

import io.tradepost.platform.InvalidInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The external sources, by name and by every other name routes accept for them. */
@Component
class SyncSources {

  /** Longest name an answer repeats: the real ones are far shorter. */
  private static final int MAX_NAME = 100;

  private final Map<String, ExternalSource> byName = new LinkedHashMap<>();
  /** Each name and alias, lower case, to the source's name. */
  private final Map<String, String> names = new HashMap<>();

  SyncSources(List<ExternalSource> sources) {
    for (var source : sources) {
      byName.put(source.name(), source);
      var all = new ArrayList<String>(source.aliases());
      all.add(0, source.name());
      for (var name : all) {
        var taken = names.putIfAbsent(name, source.name());
        if (taken != null) {
          throw new IllegalStateException("Sources " + taken + " and " + source.name() + " are both called " + name);
        }
      }
    }
  }

  /** Every source's name, in the sources' order. */
  List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** @throws InvalidInput for a source that does not exist */
  ExternalSource get(String name) {
    var source = name == null ? null : byName.get(name);
    if (source == null) {
      throw InvalidInput.field("source", "must be one of " + names());
    }
    return source;
  }

  /** A source's name from one routes accept (ours and seed 001's), or 400 naming the field. */
  String canonical(String name, String field) {
    var canonical = names.get(name.trim().toLowerCase(Locale.ROOT));
    if (canonical == null) {
      // A long name is not echoed back: the answer stays small whatever was sent.
      var shown = name.length() <= MAX_NAME ? "unknown source '" + name + "'" : "unknown source";
      throw InvalidInput.field(field, shown + ": must be one of " + names());
    }
    return canonical;
  }
}
