package io.tradepost.sync;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Keeps the sources' API keys inside the process: whatever text may reach a stored run error, a
 * reject, an API answer or a log line is passed through here first. The configured keys (as set and
 * URL-encoded) are replaced wherever they appear, and so is the value of any key-like query
 * parameter ({@code appid=}, {@code api_key=}, …), in case a URL holds a key that is not configured here.
 */
@Component
class Redaction {

  static final String MARK = "[redacted]";
  private static final Pattern KEY_PARAMETER = Pattern.compile(
      "(?i)([?&;](?:appid|api_?key|apikey|key|token|access_token)=)[^&#\\s\"'<>]*");
  private final Set<String> secrets = new LinkedHashSet<>();

  Redaction(SyncProperties properties) {
    properties.sources().values().stream()
        .map(SyncProperties.Source::apiKey)
        .filter(key -> key != null && !key.isBlank())
        .forEach(key -> {
          secrets.add(key);
          secrets.add(URLEncoder.encode(key, StandardCharsets.UTF_8));
        });
  }

  /** {@code text} without any API key; null stays null. */
  String redact(String text) {
    if (text == null) {
      return null;
    }
    var redacted = text;
    for (var secret : secrets) {
      redacted = redacted.replace(secret, MARK);
    }
    return KEY_PARAMETER.matcher(redacted).replaceAll("$1" + Matcher.quoteReplacement(MARK));
  }

  /**
   * A copy of {@code error} and its causes whose messages hold no API key, with the same stack traces:
   * safe to attach to another exception or to log. The copy's message starts with the original
   * class's name, as a logged exception would.
   */
  Throwable redact(Throwable error) {
    if (error == null) {
      return null;
    }
    var copy = new Redacted(error.getClass().getName()
        + (error.getMessage() == null ? "" : ": " + redact(error.getMessage())), redact(error.getCause()));
    copy.setStackTrace(error.getStackTrace());
    for (var suppressed : List.of(error.getSuppressed())) {
      copy.addSuppressed(redact(suppressed));
    }
    return copy;
  }

  /** An exception as it was thrown, minus its secrets. */
  static final class Redacted extends RuntimeException {
    Redacted(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
