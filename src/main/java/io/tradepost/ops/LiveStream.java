package io.tradepost.ops;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.ObjectMapper;

/**
 * The open {@code /ops/stream}s of this instance. Each snapshot is rendered once and only the
 * fragments that changed are sent, to every stream alike: fifty open dashboards cost fifty small
 * writes per change, not fifty sets of queries. A stream that has had nothing for a while gets a
 * heartbeat; a stream that fails is dropped, and the browser reconnects by itself.
 */
@Component
class LiveStream {

  private static final long RECONNECT_MILLIS = 2_000;
  private final CopyOnWriteArrayList<SseEmitter> emitters = new CopyOnWriteArrayList<>();
  private final LiveFragments fragments;
  private final ChartHistory history;
  private final ObjectMapper json;
  private final OpsProperties properties;
  private final Clock clock;
  private volatile Map<String, String> current = Map.of();
  private volatile String lastPoint;
  private Instant lastSent;

  LiveStream(LiveFragments fragments, ChartHistory history, ObjectMapper json, OpsProperties properties, Clock clock) {
    this.fragments = fragments;
    this.history = history;
    this.json = json;
    this.properties = properties;
    this.clock = clock;
    this.lastSent = clock.instant();
  }

  int open() {
    return emitters.size();
  }

  /**
   * A new stream gets the current fragments at once, then what changes. Synchronized with
   * {@link #publish} so that no change falls between the two.
   */
  synchronized SseEmitter subscribe() {
    var emitter = new SseEmitter(properties.streamTimeout().toMillis());
    emitter.onCompletion(() -> emitters.remove(emitter));
    emitter.onTimeout(() -> emitters.remove(emitter));
    emitter.onError(e -> emitters.remove(emitter));
    try {
      emitter.send(SseEmitter.event().reconnectTime(RECONNECT_MILLIS).name("heartbeat").data(clock.instant().toString()));
      for (var fragment : current.entrySet()) {
        emitter.send(event(fragment.getKey(), fragment.getValue()));
      }
      emitters.add(emitter);
    } catch (IOException | IllegalStateException e) {
      emitter.completeWithError(e);
    }
    return emitter;
  }

  synchronized void publish(Snapshot snapshot) {
    var rendered = fragments.render(snapshot);
    var changed = new HashMap<String, String>();
    rendered.forEach((name, html) -> {
      if (!html.equals(current.get(name))) {
        changed.put(name, html);
      }
    });
    current = rendered;
    var point = newestPoint();
    if (point != null && !point.equals(lastPoint)) {
      changed.put("point", point);
      lastPoint = point;
    }
    var now = clock.instant();
    if (changed.isEmpty() && now.isBefore(lastSent.plus(properties.heartbeat()))) {
      return;
    }
    lastSent = now;
    for (var emitter : emitters) {
      try {
        for (var fragment : changed.entrySet()) {
          emitter.send(event(fragment.getKey(), fragment.getValue()));
        }
        emitter.send(SseEmitter.event().name("heartbeat").data(snapshot.at().toString()));
      } catch (IOException | IllegalStateException gone) {
        emitters.remove(emitter);
        emitter.completeWithError(gone);
      }
    }
  }

  /** The charts' newest point as JSON {@code [time, series...]}, or null before the first. */
  private String newestPoint() {
    var newest = history.newest();
    return newest.isEmpty() ? null : json.writeValueAsString(newest);
  }

  private static SseEmitter.SseEventBuilder event(String name, String data) {
    return SseEmitter.event().name(name).data(data, name.equals("point") ? MediaType.APPLICATION_JSON : MediaType.TEXT_HTML);
  }
}
