package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CI lints openapi.yaml with Spectral ({@code .ci/lint-openapi}, run by {@code .ci/run} before the
 * build): the committed document passes, and a document with one warning fails CI.
 */
class OpenApiLintIT {

  private static final Path LINT = Path.of(".ci", "lint-openapi");

  @BeforeAll
  static void npxIsThere() throws InterruptedException {
    boolean present;
    try {
      present = new ProcessBuilder("npx", "--version").start().waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      present = false;
    }
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true and npx (Node.js) is not installed: Spectral cannot run");
    }
    assumeTrue(present, "npx (Node.js) is not installed: Spectral cannot run");
  }

  @Test
  void theCommittedDocumentHasNoErrorsOrWarnings() throws Exception {
    var lint = lint(OpenApiDocumentIT.COMMITTED);

    assertThat(lint.exit).as(lint.output).isZero();
  }

  @Test
  void aDocumentWithOneWarningFailsTheLintAndSoCi() throws Exception {
    var document = Files.readString(OpenApiDocumentIT.COMMITTED, StandardCharsets.UTF_8);
    var withoutContact = document.replace("  contact:\n    name: Tradepost maintainers\n", "");
    assertThat(withoutContact).isNotEqualTo(document);
    var copy = Path.of("target", "openapi-without-contact.yaml");
    Files.writeString(copy, withoutContact, StandardCharsets.UTF_8);

    var lint = lint(copy);

    assertThat(lint.exit).as(lint.output).isNotZero();
    assertThat(lint.output).contains("info-contact");
    var ci = Files.readString(Path.of(".ci", "run"), StandardCharsets.UTF_8);
    assertThat(ci).contains("set -euo pipefail");
    assertThat(ci.indexOf("\n.ci/lint-openapi\n")).isPositive().isLessThan(ci.indexOf("./mvnw"));
  }

  private record Lint(int exit, String output) {}

  private static Lint lint(Path document) throws Exception {
    var process = new ProcessBuilder(LINT.toString(), document.toString()).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Lint(process.exitValue(), output);
  }
}
