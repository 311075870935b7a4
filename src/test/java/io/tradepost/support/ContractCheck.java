package io.tradepost.support;

import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks requests and answers against the committed OpenAPI document ({@code openapi.yaml}, which
 * {@code OpenApiDocumentIT} holds equal to what the service serves at {@code /v3/api-docs}):
 * the route and method exist, parameters and bodies match their schemas, the status, content type and
 * custom headers of an answer are documented, and its JSON body matches — with no member the document
 * does not name (every object schema of the document is read as closed).
 */
public final class ContractCheck {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String DOCUMENT = "https://tradepost.invalid/openapi.json";
  /** Routes outside the API document: Boot's probes and the document itself. */
  private static final List<String> UNDOCUMENTED = List.of("/actuator/", "/v3/api-docs", "/swagger-ui");
  /** Headers of ours an answer may carry only where the document lists them. */
  private static final List<String> OUR_HEADERS = List.of("x-cache", "idempotent-replayed", "retry-after", "x-request-id",
      "ratelimit-policy", "ratelimit");

  private final JsonNode document;
  private final SchemaRegistry schemas;
  private final List<Route> routes = new ArrayList<>();

  private ContractCheck(JsonNode served) {
    this.document = served;
    var closed = closeObjects(served.deepCopy());
    this.schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemas(Map.of(DOCUMENT, closed.toString())));
    served.get("paths").properties().forEach(path -> routes.add(new Route(path.getKey(), path.getValue())));
    // A literal path ("/jobs/settlement") wins over a template ("/jobs/{id}").
    routes.sort(Comparator.comparingInt(r -> r.template.chars().filter(c -> c == '{').count() > 0 ? 1 : 0));
  }

  /**
   * The check against the committed document, read once for the whole test run: every application
   * the tests start serves that document, and springdoc needs seconds to build it in each of them.
   */
  static ContractCheck committed() {
    return Committed.CHECK;
  }

  /** The committed document as a JSON tree, as {@code /v3/api-docs} serves it. */
  public static JsonNode committedDocument() {
    return Committed.CHECK.document;
  }

  private static final class Committed {
    static final ContractCheck CHECK = new ContractCheck(YAMLMapper.builder().build().readTree(Path.of("openapi.yaml").toFile()));
  }

  /** What a request or answer does differently from the document; empty when it matches. */
  List<String> request(String method, URI uri, Map<String, List<String>> headers, String body) {
    var problems = new ArrayList<String>();
    var path = uri.getRawPath();
    if (undocumented(path)) {
      return problems;
    }
    var match = find(method, path);
    if (match.isEmpty()) {
      problems.add(method + " " + path + " is not in the document");
      return problems;
    }
    var operation = match.get().operation;
    var pointer = match.get().pointer;
    var query = query(uri.getRawQuery());
    var parameters = operation.path("parameters");
    for (int i = 0; i < parameters.size(); i++) {
      var parameter = resolve(parameters.get(i));
      var name = parameter.path("name").asString();
      var in = parameter.path("in").asString();
      String value = switch (in) {
        case "query" -> query.get(name);
        case "path" -> match.get().variables.get(name);
        case "header" -> first(headers, name);
        default -> null;
      };
      if (value == null) {
        if (parameter.path("required").asBoolean(false)) {
          problems.add(in + " parameter " + name + " is required");
        }
        continue;
      }
      var schemaPointer = parameters.get(i).has("$ref")
          ? parameters.get(i).get("$ref").asString().substring(1) + "/schema"
          : pointer + "/parameters/" + i + "/schema";
      problems.addAll(validate(schemaPointer, scalar(value, parameter.path("schema")), in + " parameter " + name));
    }
    var requestBody = operation.path("requestBody");
    if (body != null && !body.isEmpty() && !requestBody.isMissingNode()) {
      var type = mediaType(first(headers, "Content-Type"));
      var content = requestBody.path("content");
      if (!content.has(type)) {
        problems.add("request content type " + type + " is not documented");
      } else if (type.endsWith("json") && !type.equals("application/x-ndjson")) {
        parsed(body).ifPresentOrElse(
            json -> problems.addAll(validate(pointer + "/requestBody/content/" + escape(type) + "/schema", json,
                "request body")),
            () -> problems.add("request body is not JSON"));
      }
    } else if (body != null && requestBody.path("required").asBoolean(false)) {
      problems.add("request body is required");
    }
    return problems;
  }

  List<String> response(String method, URI uri, int status, Map<String, List<String>> headers, String body) {
    var problems = new ArrayList<String>();
    var path = uri.getRawPath();
    if (undocumented(path)) {
      return problems;
    }
    var match = find(method, path);
    JsonNode response;
    String pointer;
    if (match.isEmpty()) {
      // Unknown routes and methods are answered with a problem, which is all the document can say.
      if (status != 404 && status != 405) {
        problems.add(method + " " + path + " answered " + status + " but is not in the document");
        return problems;
      }
      response = null;
      pointer = null;
    } else {
      var responses = match.get().operation.path("responses");
      var key = responses.has(Integer.toString(status)) ? Integer.toString(status) : "default";
      response = responses.get(key);
      pointer = match.get().pointer + "/responses/" + key;
      if (response == null) {
        problems.add(method + " " + match.get().template + " answered " + status + ", which the document does not list");
        return problems;
      }
    }
    var type = mediaType(first(headers, "Content-Type"));
    if (response == null) {
      if (type.equals("application/problem+json")) {
        parsed(body).ifPresentOrElse(json -> problems.addAll(validate("/components/schemas/Problem", json, "answer")),
            () -> problems.add("answer is not JSON"));
      }
      return problems;
    }
    for (var header : OUR_HEADERS) {
      if (first(headers, header) != null && !hasHeader(response.path("headers"), header)) {
        problems.add("header " + header + " of the " + status + " answer is not documented");
      }
    }
    var content = response.path("content");
    if (body == null || body.isEmpty() || status == 204) {
      return problems;
    }
    if (!content.has(type)) {
      problems.add(status + " answer's content type " + type + " is not documented (documented: "
          + content.propertyNames() + ")");
    } else if (type.endsWith("json")) {
      parsed(body).ifPresentOrElse(
          json -> problems.addAll(validate(pointer + "/content/" + escape(type) + "/schema", json, status + " answer")),
          () -> problems.add(status + " answer is not JSON"));
    }
    return problems;
  }

  private List<String> validate(String pointer, JsonNode value, String what) {
    var schema = schemas.getSchema(SchemaLocation.of(DOCUMENT + "#" + pointer));
    return schema.validate(value).stream()
        .map(e -> what + ": " + e.getInstanceLocation() + " " + e.getMessage() + " (" + e.getKeyword() + " "
            + java.util.Arrays.toString(e.getArguments()) + ")")
        .toList();
  }

  private static Optional<JsonNode> parsed(String body) {
    try {
      return Optional.of(JSON.readTree(body));
    } catch (tools.jackson.core.JacksonException e) {
      return Optional.empty();
    }
  }

  private JsonNode resolve(JsonNode node) {
    if (!node.has("$ref")) {
      return node;
    }
    return document.at(node.get("$ref").asString().substring(1));
  }

  private static boolean hasHeader(JsonNode headers, String name) {
    for (var key : headers.propertyNames()) {
      if (key.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private Optional<Match> find(String method, String path) {
    for (var route : routes) {
      var matcher = route.regex.matcher(path);
      var operation = route.item.get(method.toLowerCase(Locale.ROOT));
      if (matcher.matches() && operation != null) {
        var variables = new java.util.HashMap<String, String>();
        for (int i = 0; i < route.names.size(); i++) {
          variables.put(route.names.get(i), URLDecoder.decode(matcher.group(i + 1), StandardCharsets.UTF_8));
        }
        return Optional.of(new Match(route.template, operation,
            "/paths/" + escape(route.template) + "/" + method.toLowerCase(Locale.ROOT), variables));
      }
    }
    return Optional.empty();
  }

  private static boolean undocumented(String path) {
    return UNDOCUMENTED.stream().anyMatch(path::startsWith);
  }

  /** A query or path value as JSON of the schema's type, so that "20" checks against an integer. */
  private static JsonNode scalar(String value, JsonNode schema) {
    var type = schema.path("type").asString("string");
    try {
      return switch (type) {
        case "integer" -> JSON.getNodeFactory().numberNode(new java.math.BigInteger(value));
        case "number" -> JSON.getNodeFactory().numberNode(new java.math.BigDecimal(value));
        case "boolean" -> value.equals("true") || value.equals("false")
            ? JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(value)) : JSON.getNodeFactory().stringNode(value);
        default -> JSON.getNodeFactory().stringNode(value);
      };
    } catch (NumberFormatException e) {
      return JSON.getNodeFactory().stringNode(value);
    }
  }

  private static Map<String, String> query(String raw) {
    var values = new java.util.HashMap<String, String>();
    if (raw != null) {
      for (var pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        var name = eq < 0 ? pair : pair.substring(0, eq);
        var value = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          values.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          values.putIfAbsent(name, value);
        }
      }
    }
    return values;
  }

  private static String first(Map<String, List<String>> headers, String name) {
    for (var entry : headers.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
        return entry.getValue().get(0);
      }
    }
    return null;
  }

  private static String mediaType(String contentType) {
    return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
  }

  static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  /**
   * Every object schema with named properties, and no word on others, admits no others: a member the
   * document lacks fails the check instead of passing unnoticed.
   */
  static JsonNode closeObjects(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("properties") && object.get("properties").isObject() && !object.has("additionalProperties")
          && !object.has("unevaluatedProperties") && !isAllOfPart(object)) {
        object.put("unevaluatedProperties", false);
      }
      object.properties().forEach(e -> {
        if (e.getKey().equals("allOf")) {
          e.getValue().forEach(part -> {
            if (!part.has("$ref")) {
              ((ObjectNode) part).put("x-all-of-part", true);
            }
          });
        }
        closeObjects(e.getValue());
      });
    } else if (node != null && node.isArray()) {
      node.forEach(ContractCheck::closeObjects);
    }
    return node;
  }

  private static boolean isAllOfPart(ObjectNode object) {
    return object.has("x-all-of-part");
  }

  private record Match(String template, JsonNode operation, String pointer, Map<String, String> variables) {}

  private static final class Route {
    final String template;
    final JsonNode item;
    final Pattern regex;
    final List<String> names = new ArrayList<>();

    Route(String template, JsonNode item) {
      this.template = template;
      this.item = item;
      var regex = new StringBuilder();
      var m = Pattern.compile("\\{([^}]+)}").matcher(template);
      int last = 0;
      while (m.find()) {
        regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
        names.add(m.group(1));
        last = m.end();
      }
      regex.append(Pattern.quote(template.substring(last)));
      this.regex = Pattern.compile(regex.toString());
    }
  }
}
