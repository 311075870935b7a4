package io.tradepost.ops;

import io.swagger.v3.oas.annotations.Hidden;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import io.tradepost.sync.SourceRuns;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** The sources: a card each with "Sync now", the run history, and the records a run rejected. */
@Controller
@Hidden
class SourcesController {

  private static final int RUNS = 20;
  private static final int REJECTED = 100;
  private final SourceRuns sync;

  SourcesController(SourceRuns sync) {
    this.sync = sync;
  }

  @RequiresScope(Scope.OPS_READ)
  @GetMapping("/ops/sync")
  String sync(Model model) {
    model.addAttribute("page", "sync");
    model.addAttribute("sources", sync.sources());
    model.addAttribute("runs", sync.runs(null, RUNS));
    model.addAttribute("fmt", Formats.INSTANCE);
    return "ops/sync";
  }

  /** Starts the run in the background and answers the cards as they are now. */
  @RequiresScope(Scope.OPS_WRITE)
  @PostMapping("/ops/sync/{source}")
  String syncNow(@PathVariable String source, Model model) {
    sync.syncNow(source);
    // Read now rather than from the last sample: the card shows "running now" at once.
    model.addAttribute("sources", sync.sources());
    model.addAttribute("fmt", Formats.INSTANCE);
    return "ops/live :: sources";
  }

  @RequiresScope(Scope.OPS_READ)
  @GetMapping("/ops/sync/runs/{id}/rejected")
  String rejected(@PathVariable long id, Model model) {
    model.addAttribute("page", "sync");
    model.addAttribute("runId", id);
    model.addAttribute("rejected", sync.rejected(id, REJECTED));
    model.addAttribute("fmt", Formats.INSTANCE);
    return "ops/rejected";
  }
}
