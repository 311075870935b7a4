package io.tradepost.ops;

import io.swagger.v3.oas.annotations.Hidden;
import io.tradepost.catalog.EventLog;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Product events: backlog and lag (live), dead letters, and one product's trail. */
@Controller
@Hidden
class EventsController {

  private static final int SHOWN = 50;
  private final EventLog events;
  private final Sampler sampler;

  EventsController(EventLog events, Sampler sampler) {
    this.events = events;
    this.sampler = sampler;
  }

  @RequiresScope(Scope.OPS_READ)
  @GetMapping("/ops/events")
  String events(@RequestParam(required = false) String product, Model model) {
    model.addAttribute("page", "events");
    model.addAttribute("snapshot", sampler.latest());
    model.addAttribute("dead", events.deadLetters(SHOWN));
    model.addAttribute("product", product);
    model.addAttribute("trail", product == null || product.isBlank() ? null : events.trail(product.trim(), SHOWN));
    model.addAttribute("fmt", Formats.INSTANCE);
    return "ops/events";
  }
}
