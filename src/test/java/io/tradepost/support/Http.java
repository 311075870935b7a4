package io.tradepost.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests that talk to the application over its real port. */
public final class Http {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String base;

  public Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public Response get(String path) {
    return send(request(path).GET().build());
  }

  public Response post(String path, String json, String... headers) {
    return send(postRequest(path, json, headers));
  }

  public Response put(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  public CompletableFuture<Response> postAsync(String path, String json, String... headers) {
    return client.sendAsync(postRequest(path, json, headers), HttpResponse.BodyHandlers.ofString())
        .thenApply(Response::new);
  }

  public CompletableFuture<Response> sendAsync(HttpRequest request) {
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(Response::new);
  }

  public Response send(HttpRequest request) {
    try {
      return new Response(client.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (Exception e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    }
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
  }

  private HttpRequest postRequest(String path, String json, String... headers) {
    var builder = request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder.build();
  }

  /** A response with its body parsed as JSON when it is JSON. */
  public static final class Response {
    public final int status;
    public final String body;
    public final HttpResponse<String> raw;

    Response(HttpResponse<String> raw) {
      this.raw = raw;
      this.status = raw.statusCode();
      this.body = raw.body();
    }

    public JsonNode json() {
      return JSON.readTree(body);
    }

    /** A whole-number field of a 2xx JSON answer; null for any other answer (say, 404 before a product exists). */
    public Long number(String field) {
      var value = status >= 200 && status <= 299 ? json().get(field) : null;
      return value == null ? null : value.asLong();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
