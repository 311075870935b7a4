package io.tradepost.ops;

import io.swagger.v3.oas.annotations.Hidden;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import io.tradepost.security.KeyAdministration;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** API keys (admin): list, create with the secret shown once, revoke. */
@Controller
@Hidden
class KeysController {

  private final KeyAdministration keys;

  KeysController(KeyAdministration keys) {
    this.keys = keys;
  }

  @RequiresScope(Scope.ADMIN)
  @GetMapping("/ops/keys")
  String keys(Model model) {
    return page(model);
  }

  /** Answers the page itself, not a redirect, so that the secret is never in a URL or the history. */
  @RequiresScope(Scope.ADMIN)
  @PostMapping("/ops/keys")
  String create(@RequestParam String name, @RequestParam(required = false) List<String> scopes,
      @RequestParam(required = false) String expires, Model model) {
    model.addAttribute("created", keys.create(name, scopes, expires == null || expires.isBlank() ? null : expires));
    return page(model);
  }

  @RequiresScope(Scope.ADMIN)
  @PostMapping("/ops/keys/{id}/revoke")
  String revoke(@PathVariable String id) {
    keys.revoke(id);
    return "redirect:/ops/keys";
  }

  private String page(Model model) {
    model.addAttribute("page", "keys");
    model.addAttribute("keys", keys.list());
    model.addAttribute("scopes", KeyAdministration.grantableScopes());
    model.addAttribute("fmt", Formats.INSTANCE);
    return "ops/keys";
  }
}
