package io.tradepost.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpStatus;

/**
 * Gives every operation the error responses it can answer, each as problem+json whose {@code code}
 * is one of the codes that route returns, plus the headers every answer carries. The codes a route
 * adds to the shared ones are named in its own {@code @ApiResponse} descriptions
 * ("OUT_OF_STOCK, or IDEMPOTENCY_KEY_IN_FLIGHT"); this class reads them from there.
 */
class ProblemResponses implements OpenApiCustomizer {

  private static final Pattern CODE = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b");
  /** Routes that answer without the database. */
  private static final Set<String> NO_DATABASE = Set.of("/metrics", "/health");

  @Override
  public void customise(OpenAPI openApi) {
    // Springdoc's own schema of Spring's ProblemDetail is replaced by Problem, which has our members.
    openApi.getComponents().getSchemas().remove("ProblemDetail");
    openApi.getComponents().addSchemas(OpenApiConfig.PROBLEM, OpenApiConfig.problemSchema());
    openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
      addRequestId(operation);
      operation.setOperationId(operationId(openApi, path, method, operation));
      if (operation.getDescription() == null) {
        operation.setDescription(operation.getSummary()); // the one-line summary is the whole story
      }
      QueryBounds.apply(operation);
      addProblems(path, method, operation);
      var keyed = keyed(operation);
      operation.getResponses().values().forEach(response -> {
        response.addHeaderObject(OpenApiConfig.REQUEST_ID,
            new Header().$ref("#/components/headers/" + OpenApiConfig.REQUEST_ID));
        if (keyed) {
          // Sent with every answer to a request that carried a valid key.
          response.addHeaderObject(OpenApiConfig.RATE_LIMIT_POLICY,
              new Header().$ref("#/components/headers/" + OpenApiConfig.RATE_LIMIT_POLICY));
          response.addHeaderObject(OpenApiConfig.RATE_LIMIT,
              new Header().$ref("#/components/headers/" + OpenApiConfig.RATE_LIMIT));
        }
      });
    }));
  }

  /**
   * {@code orders.get} is {@code ordersGet}, and the seed-compatible twin of an {@code /api/v1} route
   * (which springdoc names {@code get_1}) is {@code ordersGetSeed}: stable names for generated clients.
   */
  private static String operationId(OpenAPI openApi, String path, PathItem.HttpMethod verb, Operation operation) {
    var method = operation.getOperationId().replaceFirst("_\\d+$", "");
    var tag = operation.getTags() == null || operation.getTags().isEmpty() ? "" : operation.getTags().get(0);
    var id = tag.isEmpty() ? method : tag + Character.toUpperCase(method.charAt(0)) + method.substring(1);
    var twin = path.startsWith("/api/v1/") ? null : openApi.getPaths().get("/api/v1" + path);
    var twinOperation = twin == null ? null : twin.readOperationsMap().get(verb);
    boolean seedTwin = twinOperation != null
        && List.of(method, id).contains(twinOperation.getOperationId().replaceFirst("_\\d+$", ""));
    return seedTwin ? id + "Seed" : id;
  }

  /** Whether the route needs a key: all but those declared {@link Scope#PUBLIC} (their scope is in the document by now). */
  private static boolean keyed(Operation operation) {
    var extensions = operation.getExtensions();
    return extensions == null || !Scope.PUBLIC.value().equals(extensions.get(Scope.DOCUMENT_EXTENSION));
  }

  private static void addRequestId(Operation operation) {
    var ref = "#/components/parameters/" + OpenApiConfig.REQUEST_ID;
    if (operation.getParameters() == null || operation.getParameters().stream().noneMatch(p -> ref.equals(p.get$ref()))) {
      operation.addParametersItem(new Parameter().$ref(ref));
    }
  }

  private static void addProblems(String path, PathItem.HttpMethod method, Operation operation) {
    var codes = new TreeMap<Integer, Set<String>>();
    var descriptions = new LinkedHashMap<Integer, String>();
    var ownBodies = new java.util.HashSet<Integer>();
    var responses = operation.getResponses();
    responses.forEach((status, response) -> {
      if (status.matches("[45]\\d\\d")) {
        var named = new LinkedHashSet<String>();
        CODE.matcher(String.valueOf(response.getDescription())).results().forEach(m -> named.add(m.group()));
        if (named.isEmpty()) {
          ownBodies.add(Integer.valueOf(status));
        } else {
          codes.put(Integer.valueOf(status), named);
        }
        descriptions.put(Integer.valueOf(status), response.getDescription());
      }
    });
    boolean body = operation.getRequestBody() != null;
    boolean json = body && operation.getRequestBody().getContent().containsKey("application/json");
    add(codes, 400, "VALIDATION_FAILED");
    if (json) {
      add(codes, 400, "MALFORMED_JSON");
    }
    if (path.contains("{")) {
      add(codes, 404, "NOT_FOUND");
    }
    if (body) {
      add(codes, 413, "PAYLOAD_TOO_LARGE");
      add(codes, 415, "UNSUPPORTED_MEDIA_TYPE");
    }
    add(codes, 500, "INTERNAL_ERROR");
    if (!NO_DATABASE.contains(path)) {
      add(codes, 503, "DATABASE_UNAVAILABLE");
    }
    if (keyed(operation)) {
      add(codes, 401, "UNAUTHENTICATED", "KEY_REVOKED", "KEY_EXPIRED");
      add(codes, 403, "INSUFFICIENT_SCOPE");
      add(codes, 429, "RATE_LIMITED");
    }
    codes.forEach((status, named) -> {
      if (ownBodies.contains(status)) {
        return; // a route's own error body, which names no code (the health report, a failed sync's runs)
      }
      responses.addApiResponse(status.toString(), problem(status, named, descriptions.get(status)));
    });
    responses.remove("default");
    if (operation.getParameters() != null
        && operation.getParameters().stream().anyMatch(p -> "Idempotency-Key".equals(p.getName()))) {
      // A stored refusal (OUT_OF_STOCK, NOT_FOUND) is replayed like a stored order.
      responses.forEach((status, response) -> {
        if (status.startsWith("4")) {
          response.addHeaderObject("Idempotent-Replayed", new Header()
              .description("true when this is the stored answer to an earlier request with the same Idempotency-Key")
              .schema(new StringSchema()._enum(List.of("true"))));
        }
      });
    }
    sortByStatus(operation);
  }

  private static void add(Map<Integer, Set<String>> codes, int status, String... named) {
    codes.computeIfAbsent(status, s -> new LinkedHashSet<>()).addAll(List.of(named));
  }

  private static ApiResponse problem(int status, Set<String> codes, String description) {
    var reason = HttpStatus.valueOf(status).getReasonPhrase();
    var schema = new Schema<>().addAllOfItem(new Schema<>().$ref("#/components/schemas/" + OpenApiConfig.PROBLEM))
        .addAllOfItem(new Schema<>().addProperty("code", new StringSchema()._enum(new ArrayList<>(codes))));
    var first = codes.iterator().next();
    var example = new LinkedHashMap<String, Object>();
    example.put("type", "urn:tradepost:problem:" + first.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    example.put("title", reason);
    example.put("status", status);
    example.put("detail", "What went wrong, for a person to read");
    example.put("code", first);
    var response = new ApiResponse()
        .description(description != null && !description.isBlank() ? description : reason + ": " + String.join(", ", codes))
        .content(new Content().addMediaType("application/problem+json", new MediaType().schema(schema).example(example)));
    if (status == 503 || status == 429) {
      response.addHeaderObject("Retry-After", new Header().$ref("#/components/headers/Retry-After"));
    }
    if (status == 401) {
      response.addHeaderObject("WWW-Authenticate", new Header().description("Bearer").schema(new StringSchema()));
    }
    return response;
  }

  private static void sortByStatus(Operation operation) {
    var sorted = new ApiResponses();
    new TreeMap<>(operation.getResponses()).forEach(sorted::addApiResponse);
    operation.setResponses(sorted);
  }
}
