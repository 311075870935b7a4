package io.tradepost.ops;

import io.swagger.v3.oas.annotations.Hidden;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.ObjectMapper;

/** The overview page, the live stream every page listens to, and the sign-in form. */
@Controller
@Hidden
class OverviewController {

  private final Sampler sampler;
  private final ChartHistory history;
  private final LiveStream stream;
  private final ObjectMapper json;

  OverviewController(Sampler sampler, ChartHistory history, LiveStream stream, ObjectMapper json) {
    this.sampler = sampler;
    this.history = history;
    this.stream = stream;
    this.json = json;
  }

  @RequiresScope(Scope.OPS_READ)
  @GetMapping("/ops")
  String overview(Model model) {
    model.addAttribute("page", "overview");
    model.addAttribute("snapshot", sampler.latest());
    model.addAttribute("history", json.writeValueAsString(history.columns()));
    model.addAttribute("fmt", Formats.INSTANCE);
    return "ops/overview";
  }

  @RequiresScope(Scope.OPS_READ)
  @GetMapping(path = "/ops/stream", produces = "text/event-stream")
  SseEmitter stream() {
    return stream.subscribe();
  }

  @RequiresScope(Scope.PUBLIC)
  @GetMapping("/ops/sign-in")
  String signIn(@RequestParam(required = false) String refused, Model model) {
    model.addAttribute("refused", refused == null ? null : SignInRefusal.describe(refused));
    return "ops/sign-in";
  }
}
