package io.tradepost.ops;

import io.swagger.v3.oas.annotations.Hidden;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import io.tradepost.settlement.Settlements;
import java.util.Locale;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Settlement jobs: filter by status, submit, cancel, download; progress bars move over the stream. */
@Controller
@Hidden
class JobsController {

  private static final int SHOWN = 50;
  private final Settlements settlements;
  private final Sampler sampler;

  JobsController(Settlements settlements, Sampler sampler) {
    this.settlements = settlements;
    this.sampler = sampler;
  }

  @RequiresScope(Scope.OPS_READ)
  @GetMapping("/ops/jobs")
  String jobs(@RequestParam(required = false) String status, Model model) {
    model.addAttribute("page", "jobs");
    model.addAttribute("jobs", settlements.list(status, SHOWN));
    model.addAttribute("status", status == null ? "" : status.toUpperCase(Locale.ROOT));
    model.addAttribute("statuses", Settlements.statuses());
    model.addAttribute("snapshot", sampler.latest());
    model.addAttribute("fmt", Formats.INSTANCE);
    return "ops/jobs";
  }

  /** Answers the new job's row, which the page puts on top of the table. */
  @RequiresScope(Scope.OPS_WRITE)
  @PostMapping("/ops/jobs")
  String submit(@RequestParam String from, @RequestParam String to, Model model) {
    return row(settlements.submit(from, to), model);
  }

  @RequiresScope(Scope.OPS_WRITE)
  @PostMapping("/ops/jobs/{id}/cancel")
  String cancel(@PathVariable String id, Model model) {
    return row(settlements.cancel(id), model);
  }

  @RequiresScope(Scope.OPS_READ)
  @GetMapping("/ops/jobs/{id}.csv")
  ResponseEntity<StreamingResponseBody> csv(@PathVariable String id) {
    var report = settlements.report(id);
    StreamingResponseBody body = report::writeTo;
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(report.fileName()).build().toString())
        .body(body);
  }

  private String row(Settlements.Job job, Model model) {
    model.addAttribute("job", job);
    model.addAttribute("fmt", Formats.INSTANCE);
    return "ops/live :: jobRow";
  }
}
