package io.tradepost.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** OpenWeather's key, a canary here, never leaves in an error message or a stack trace. */
class RedactionTest {

  static final String CANARY = "canary+K3y/0f-openweather";
  static final SyncProperties PROPERTIES = new Binder(new MapConfigurationPropertySource(Map.of(
      "tradepost.sync.sources.openweather.api-key", CANARY,
      "tradepost.sync.retry.max-attempts", "1")))
      .bindOrCreate("tradepost.sync", SyncProperties.class);
  final Redaction redaction = new Redaction(PROPERTIES);

  @Test
  void aUrlTheHttpClientRefusesIsReportedWithoutItsKey() {
    // A host name with an underscore (a compose service, say) has no URI host: the JDK quotes the URL.
    var upstream = new SourceGuards(List.of(new OpenWeatherSource(PROPERTIES)), PROPERTIES, redaction,
            new SimpleMeterRegistry(), Clock.systemUTC())
        .upstream(OpenWeatherSource.NAME, Map.of());
    var uri = URI.create("http://weather_api:8080/weather?q=Jakarta&appid="
        + java.net.URLEncoder.encode(CANARY, java.nio.charset.StandardCharsets.UTF_8) + "&units=metric");

    var failure = catchThrowableOfType(UpstreamFailure.class, () -> upstream.get(uri, "GET /weather?q=Jakarta"));

    assertThat(failure.getMessage()).startsWith("GET /weather?q=Jakarta failed: IllegalArgumentException: "
        + "unsupported URI http://weather_api:8080/weather?q=Jakarta&appid=[redacted]&units=metric");
    assertThat(stackTrace(failure)).doesNotContain(CANARY).doesNotContain("K3y");
  }

  @Test
  void theConfiguredKeyIsRedactedAsSetAndUrlEncodedAndAnyKeyParameterToo() {
    assertThat(redaction.redact("key " + CANARY + " and canary%2BK3y%2F0f-openweather"))
        .isEqualTo("key [redacted] and [redacted]");
    assertThat(redaction.redact("GET http://h/weather?q=Bandung&APPID=someone-elses&units=metric"))
        .isEqualTo("GET http://h/weather?q=Bandung&APPID=[redacted]&units=metric");
    assertThat(redaction.redact("GET /pokemon?limit=20&offset=40")).isEqualTo("GET /pokemon?limit=20&offset=40");
  }

  private static String stackTrace(Throwable error) {
    var text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
