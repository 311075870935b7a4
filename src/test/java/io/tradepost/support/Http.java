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

/**
 * A plain HTTP client for tests that talk to the application over its real port. Every request and
 * answer is checked against the committed OpenAPI document ({@link ContractCheck}): a test fails when the
 * service answers something its contract does not say. Tests that send malformed requests on purpose
 * say so with {@link #sendingInvalidRequests()}; their answers are still checked.
 */
public final class Http {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String base;
  private final boolean checkRequests;

  public Http(int port) {
    this("http://127.0.0.1:" + port, true);
  }

  private Http(String base, boolean checkRequests) {
    this.base = base;
    this.checkRequests = checkRequests;
  }

  /** The same client, for requests that break the contract on purpose: only the answers are checked. */
  public Http sendingInvalidRequests() {
    return new Http(base, false);
  }

  public Response get(String path) {
    return send(request(path).GET().build());
  }

  public Response post(String path, String json, String... headers) {
    return send(postRequest(path, json, headers), json);
  }

  public Response put(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), json);
  }

  public CompletableFuture<Response> postAsync(String path, String json, String... headers) {
    var request = postRequest(path, json, headers);
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(raw -> checked(request, json, raw));
  }

  public CompletableFuture<Response> sendAsync(HttpRequest request) {
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(raw -> checked(request, null, raw));
  }

  /** Sends a request built with {@link #request}; its body (which the client cannot show) is not checked. */
  public Response send(HttpRequest request) {
    return send(request, null);
  }

  /** Sends a request whose body is {@code body}, checking both against the document. */
  public Response send(HttpRequest request, String body) {
    HttpResponse<String> raw;
    try {
      raw = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    }
    return checked(request, body, raw);
  }

  private Response checked(HttpRequest request, String body, HttpResponse<String> raw) {
    var contract = ContractCheck.committed();
    var problems = new java.util.ArrayList<String>();
    if (checkRequests) {
      problems.addAll(contract.request(request.method(), request.uri(), request.headers().map(), body));
    }
    problems.addAll(contract.response(request.method(), request.uri(), raw.statusCode(), raw.headers().map(), raw.body()));
    if (!problems.isEmpty()) {
      throw new AssertionError("Not as openapi.yaml says: " + request.method() + " " + request.uri() + " -> "
          + raw.statusCode() + " " + raw.body() + "\n  " + String.join("\n  ", problems));
    }
    return new Response(raw);
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
