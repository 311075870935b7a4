package io.tradepost.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the image is never built in the tests; what can drift unseen is
 * checked against the packaged jar instead: the Dockerfile copies exactly the layers Spring Boot
 * writes, in the jar's order (least to most often changed), and starts the file it extracts.
 */
class DockerfileIT {

  static final Path DOCKERFILE = Path.of("Dockerfile");
  static final Pattern LAYER_COPY = Pattern.compile("(?m)^COPY --from=build /extracted/([a-z-]+)/ \\./$");
  static final Pattern APPLICATION_FILE = Pattern.compile("--application-filename (\\S+)");
  static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT \\[.*\"-jar\", \"([^\"]+)\"]$");

  @Test
  void theImageCopiesEveryLayerOfTheJarInItsOrder() throws Exception {
    var dockerfile = Files.readString(DOCKERFILE);

    var copied = LAYER_COPY.matcher(dockerfile).results().map(m -> m.group(1)).toList();

    assertThat(copied).containsExactlyElementsOf(layersOfThePackagedJar());
  }

  @Test
  void theImageStartsTheApplicationFileItExtracts() throws IOException {
    var dockerfile = Files.readString(DOCKERFILE);

    var extracted = APPLICATION_FILE.matcher(dockerfile).results().map(m -> m.group(1)).toList();
    var started = ENTRYPOINT.matcher(dockerfile).results().map(m -> m.group(1)).toList();

    assertThat(extracted).hasSize(1);
    assertThat(started).containsExactlyElementsOf(extracted);
    assertThat(dockerfile).as("runs as its own user, not root").containsPattern("(?m)^USER tradepost$")
        .containsPattern("(?ms)^HEALTHCHECK .*?/actuator/health/liveness");
  }

  private static java.util.List<String> layersOfThePackagedJar() throws Exception {
    var jar = System.getProperty("tradepost.jar");
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var process = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar, "list-layers")
        .redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
