package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tradepost.support.ContractCheck;
import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed {@code openapi.yaml} is what the service serves, so integrators who read the file read
 * the contract the tests hold the service to. {@code -Dtradepost.openapi.write=true} rewrites the file.
 */
@OnH2
class OpenApiDocumentIT {

  static final Path COMMITTED = Path.of("openapi.yaml");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String REGENERATE =
      "./mvnw verify -Dit.test=OpenApiDocumentIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dtradepost.openapi.write=true";

  @LocalServerPort
  int port;

  @Test
  void theCommittedDocumentIsTheServedOne() throws IOException {
    var served = new Http(port).get("/v3/api-docs.yaml");
    assertThat(served.status).isEqualTo(200);
    var document = served.body.endsWith("\n") ? served.body : served.body + "\n";
    if (Boolean.getBoolean("tradepost.openapi.write")) {
      Files.writeString(COMMITTED, document, StandardCharsets.UTF_8);
      return;
    }
    var committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
    if (!committed.equals(document)) {
      fail("openapi.yaml differs from the served /v3/api-docs.yaml, first at " + firstDifference(committed, document)
          + ".\nIf the API change is intended, regenerate the file with\n  " + REGENERATE
          + "\nand commit it.");
    }
  }

  /** The tests check their traffic against the committed file, read as YAML: it must say what the JSON says. */
  @Test
  void theCommittedFileReadsAsTheServedJson() {
    var served = new Http(port).get("/v3/api-docs");
    assertThat(ContractCheck.committedDocument()).isEqualTo(JSON.readTree(served.body));
  }

  private static String firstDifference(String committed, String served) {
    var a = committed.split("\n", -1);
    var b = served.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      var left = i < a.length ? a[i] : "<end of file>";
      var right = i < b.length ? b[i] : "<end of file>";
      if (!left.equals(right)) {
        return "line " + (i + 1) + ":\n  committed: " + left + "\n  served:    " + right;
      }
    }
    return "the end";
  }
}
