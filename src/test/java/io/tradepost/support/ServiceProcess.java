package io.tradepost.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged jar, started as a separate process the way an operator starts it. */
public final class ServiceProcess implements AutoCloseable {

  private final Process process;
  public final int port;
  public final Path log;

  private ServiceProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts {@code java -jar} in {@code workDir} with only PORT (and {@code env}) set; waits for /health. */
  public static ServiceProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
    var jar = System.getProperty("tradepost.jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException("The packaged jar is missing: run through `./mvnw verify` (" + jar + ")");
    }
    int port = freePort();
    var command = new ArrayList<>(List.of(javaBinary(), "-jar", jar, "--server.address=127.0.0.1"));
    command.addAll(List.of(args));
    var log = workDir.resolve("service.log");
    var builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().putAll(env);
    var service = new ServiceProcess(builder.start(), port, log);
    var http = new Http(port);
    await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!service.process.isAlive()) {
        throw new IllegalStateException("The service exited: " + Files.readString(log));
      }
      try {
        return http.get("/health").status == 200;
      } catch (IllegalStateException notYet) {
        return false;
      }
    });
    return service;
  }

  public Process process() {
    return process;
  }

  /** SIGTERM, as a container runtime stops it. */
  public void terminate() {
    process.destroy();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
