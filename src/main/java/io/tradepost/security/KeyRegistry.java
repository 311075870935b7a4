package io.tradepost.security;

import io.tradepost.platform.InvalidInput;
import io.tradepost.platform.NotFound;
import io.tradepost.platform.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Creating, listing and revoking keys: what the {@code keys} command and {@code /api/v1/keys} do. */
class KeyRegistry {

  private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})([mhd])");
  private final ApiKeys keys;
  private final KeySecrets secrets;
  private final Clock clock;

  KeyRegistry(ApiKeys keys, KeySecrets secrets, Clock clock) {
    this.keys = keys;
    this.secrets = secrets;
    this.clock = clock;
  }

  /** A key to create, checked: a name, at least one scope, an optional rate and lifetime. */
  record NewKey(String name, Set<Scope> scopes, Rate rate, Duration lifetime) {

    /** From text as typed or sent: scopes {@code a,b}, rate {@code 50/s}, burst, lifetime {@code 90d}. */
    static NewKey parse(String name, List<String> scopes, String rate, Long burst, String expires) {
      var check = new InvalidInput.Check();
      check.require(name != null && !name.isBlank() && name.length() <= 100
          && name.chars().allMatch(c -> c >= 0x20 && c != 0x7f), "name", "must be 1-100 printable characters");
      var granted = EnumSet.noneOf(Scope.class);
      if (scopes == null || scopes.isEmpty()) {
        check.add("scopes", "must name at least one scope");
      } else {
        for (var scope : scopes) {
          Scope.grantable(scope == null ? "" : scope.trim()).ifPresentOrElse(granted::add,
              () -> check.add("scopes", "unknown scope '" + scope + "'; one of " + grantableScopes()));
        }
      }
      Rate parsedRate = null;
      if (rate != null) {
        try {
          parsedRate = Rate.parse(rate, burst == null ? 0 : burst);
        } catch (IllegalArgumentException e) {
          check.add("rate", e.getMessage());
        }
      } else {
        check.require(burst == null, "burst", "needs a rate");
      }
      Duration lifetime = null;
      if (expires != null) {
        var match = DURATION.matcher(expires);
        if (match.matches()) {
          var unit = switch (match.group(2)) {
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
          };
          lifetime = Duration.of(Long.parseLong(match.group(1)), unit);
        } else {
          check.add("expires", "must be a lifetime such as 30m, 12h or 90d");
        }
      }
      check.done();
      return new NewKey(name.trim(), granted, parsedRate, lifetime);
    }
  }

  /** A created key: the stored part and the whole key, shown this once. */
  record Created(ApiKey key, String secretKey) {}

  Created create(NewKey request) {
    var issued = secrets.issue();
    var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    var key = new ApiKey(issued.id(), request.name(), issued.secretHash(), request.scopes(), request.rate(), now,
        request.lifetime() == null ? null : now.plus(request.lifetime()), null, null);
    keys.insert(key);
    return new Created(key, issued.key());
  }

  List<ApiKey> list() {
    return keys.all();
  }

  /** Revokes a key by its id or the whole key; 404 when there is none. */
  void revoke(String idOrKey) {
    var id = KeySecrets.idOf(idOrKey).orElseThrow(() -> NotFound.of("API key", "?"));
    if (!keys.revoke(id, clock.instant())) {
      throw NotFound.of("API key", id);
    }
  }

  static String grantableScopes() {
    return String.join(", ", java.util.Arrays.stream(Scope.values()).filter(s -> s != Scope.PUBLIC)
        .map(Scope::value).toList());
  }
}
