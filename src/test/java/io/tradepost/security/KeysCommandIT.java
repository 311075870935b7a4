package io.tradepost.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.RedisAvailable;
import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.ServiceProcess;
import io.tradepost.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code keys} command on the packaged jar, and two instances sharing one PostgreSQL database and
 * Redis: one rate limit for both, and a revocation seen by both within 5 s. Runs on a database of its
 * own ({@code <test database>_keys}), so the keys it makes never reach other tests.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
@ExtendWith(RedisAvailable.class)
class KeysCommandIT {

  @TempDir
  Path workDir;

  @Test
  void keysMadeByTheCommandAreLimitedAcrossInstancesAndRevokedOnEveryInstanceWithinFiveSeconds() throws Exception {
    var env = Map.of("TRADEPOST_DB_URL", freshDatabase(), "TRADEPOST_DB_USER", TestDatabase.POSTGRESQL.user,
        "TRADEPOST_CACHE", "redis", "TRADEPOST_SYNC_ONSTART", "false");

    var created = keys(env, "create", "--name", "shop", "--scopes", "catalog:read,orders:read", "--rate", "5/s");
    assertThat(created.exit).as(created.output).isZero();
    var key = created.lastLine();
    var id = KeySecrets.parse(key).orElseThrow().id();
    var listed = keys(env, "list");
    assertThat(listed.output).contains(id, "shop", "catalog:read,orders:read").doesNotContain(key.substring(12));
    assertThat(keys(env, "create", "--name", "bad", "--scopes", "orders:delete").exit).isEqualTo(2);

    try (var one = ServiceProcess.start(Files.createDirectories(workDir.resolve("one")), env);
        var two = ServiceProcess.start(Files.createDirectories(workDir.resolve("two")), env)) {
      var instances = List.of(new Http(one.port), new Http(two.port));
      assertThat(instances.get(0).get("/api/v1/products").status).as("keys exist: no loopback pass").isEqualTo(401);
      await().atMost(Duration.ofSeconds(5)).until(() -> get(instances.get(1), key).status == 200);

      long started = System.nanoTime();
      var burst = new ArrayList<CompletableFuture<Http.Response>>();
      for (int i = 0; i < 30; i++) {
        var http = instances.get(i % 2);
        burst.add(http.sendAsync(http.request("/api/v1/products").header("Authorization", "Bearer " + key).GET().build()));
      }
      var responses = burst.stream().map(CompletableFuture::join).toList();
      double seconds = (System.nanoTime() - started) / 1e9;
      var allowed = responses.stream().filter(r -> r.status == 200).count();
      assertThat(allowed).as("5/s across both instances in %.2f s", seconds).isLessThanOrEqualTo(5 + (long) Math.ceil(seconds * 5));
      assertThat(responses).filteredOn(r -> r.status == 429).isNotEmpty()
          .allSatisfy(r -> assertThat(r.header("Retry-After")).isNotNull());

      var revoked = keys(env, "revoke", id);
      assertThat(revoked.exit).as(revoked.output).isZero();
      for (var http : instances) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).until(() -> {
          var response = get(http, key);
          return response.status == 401 && response.json().get("code").asString().equals("KEY_REVOKED");
        });
      }
      assertThat(auditedRoutes(env.get("TRADEPOST_DB_URL"), id)).containsExactly("keys create", "keys revoke");
    }
  }

  private static List<String> auditedRoutes(String url, String keyId) throws Exception {
    try (var connection = DriverManager.getConnection(url, TestDatabase.POSTGRESQL.user, TestDatabase.POSTGRESQL.password);
        var query = connection.prepareStatement("SELECT route FROM audit_events WHERE resource_id = ? ORDER BY id")) {
      query.setString(1, keyId);
      var routes = new ArrayList<String>();
      try (var rows = query.executeQuery()) {
        while (rows.next()) {
          routes.add(rows.getString(1));
        }
      }
      return routes;
    }
  }

  private static Http.Response get(Http http, String key) {
    return http.send(http.request("/api/v1/products").header("Authorization", "Bearer " + key).GET().build());
  }

  record Run(int exit, String output) {
    String lastLine() {
      var lines = output.strip().split("\n");
      return lines[lines.length - 1].strip();
    }
  }

  private Run keys(Map<String, String> env, String... args) throws Exception {
    var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("tradepost.jar"), "keys"));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    var process = builder.start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }

  /** An empty database next to the PostgreSQL test database, dropped and created again. */
  private static String freshDatabase() throws Exception {
    var url = TestDatabase.POSTGRESQL.url;
    var name = url.replaceFirst("^jdbc:postgresql://[^/]+/([A-Za-z0-9_]+).*$", "$1") + "_keys";
    var server = url.replaceFirst("^(jdbc:postgresql://[^/]+/)[A-Za-z0-9_]+", "$1");
    try (var connection = DriverManager.getConnection(server.replaceFirst("/(\\?|$)", "/postgres$1"),
        TestDatabase.POSTGRESQL.user, TestDatabase.POSTGRESQL.password);
        var statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + name);
    }
    return server.replaceFirst("/(\\?|$)", "/" + name + "$1");
  }
}
