package io.tradepost.support;

import static io.tradepost.support.ContractCheck.escape;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks the examples of an OpenAPI document, as integrators and Swagger UI show them: every example
 * (of a parameter, header, request or answer body, or schema) matches its schema, read as closed like
 * {@link ContractCheck} reads it and with formats asserted; every JSON body has an example; and every
 * member of our own JSON bodies (not problem+json, whose members the Problem schema shows) appears in
 * at least one example, so a member added to an answer without an example is noticed.
 */
public final class ExampleCheck {

  private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  private final JsonNode document;
  private final JsonNode closed;
  private final Map<String, Schema> compiled = new HashMap<>();
  private final SchemaRegistry schemas;
  private final List<String> problems = new ArrayList<>();
  /** Per component schema reached by an example of a JSON body: the members those examples show. */
  private final Map<String, Set<String>> shown = new TreeMap<>();

  private ExampleCheck(JsonNode document) {
    this.document = document;
    this.closed = ContractCheck.closeObjects(document.deepCopy());
    this.schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
  }

  /** What is wrong with the examples of {@code document}; empty when nothing is. */
  public static List<String> problems(JsonNode document) {
    var check = new ExampleCheck(document);
    check.run();
    return check.problems;
  }

  private void run() {
    document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
      if (OPERATIONS.contains(operation.getKey())) {
        operation("/paths/" + escape(path.getKey()) + "/" + operation.getKey(),
            operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), operation.getValue());
      }
    }));
    for (var kind : List.of("parameters", "headers")) {
      document.path("components").path(kind).properties().forEach(entry -> examplesOf(
          "/components/" + kind + "/" + escape(entry.getKey()), entry.getValue(), kind + " " + entry.getKey()));
    }
    document.path("components").path("schemas").properties().forEach(entry ->
        schemaExamples("/components/schemas/" + escape(entry.getKey()), entry.getValue()));
    shown.forEach((schema, members) -> {
      var missing = new TreeSet<String>();
      document.path("components").path("schemas").path(schema).path("properties").propertyNames().forEach(missing::add);
      missing.removeAll(members);
      if (!missing.isEmpty()) {
        problems.add("schema " + schema + ": " + missing + " in no example");
      }
    });
  }

  private void operation(String pointer, String name, JsonNode operation) {
    var parameters = operation.path("parameters");
    for (int i = 0; i < parameters.size(); i++) {
      if (!parameters.get(i).has("$ref")) { // shared parameters are checked once, under components
        examplesOf(pointer + "/parameters/" + i, parameters.get(i), name + " parameter " + parameters.get(i).path("name").asString());
      }
    }
    bodies(pointer + "/requestBody", operation.path("requestBody"), name + " request");
    operation.path("responses").properties().forEach(response -> {
      var at = pointer + "/responses/" + response.getKey();
      var answer = name + " " + response.getKey();
      bodies(at, response.getValue(), answer);
      response.getValue().path("headers").properties().forEach(header ->
          examplesOf(at + "/headers/" + escape(header.getKey()), header.getValue(), answer + " header " + header.getKey()));
    });
  }

  private void bodies(String pointer, JsonNode body, String name) {
    body.path("content").properties().forEach(media -> {
      var type = media.getKey();
      var at = pointer + "/content/" + escape(type);
      var values = examplesOf(at, media.getValue(), name + " " + type);
      boolean json = type.equals("application/json") || type.endsWith("+json");
      if (json && values.isEmpty()) {
        problems.add(name + " " + type + " has no example");
      }
      if (type.equals("application/json")) {
        values.forEach(value -> show(media.getValue().path("schema"), value));
      }
    });
  }

  /** Validates the example or examples of a parameter, header or media type against its schema. */
  private List<JsonNode> examplesOf(String pointer, JsonNode holder, String name) {
    var values = new ArrayList<JsonNode>();
    if (holder.has("example")) {
      values.add(holder.get("example"));
    }
    holder.path("examples").properties().forEach(named -> values.add(named.getValue().path("value")));
    if (holder.has("schema")) {
      values.forEach(value -> validate(pointer + "/schema", value, name));
      schemaExamples(pointer + "/schema", holder.get("schema"));
    }
    return values;
  }

  private void schemaExamples(String pointer, JsonNode schema) {
    if (!schema.isObject()) {
      return;
    }
    if (schema.has("example")) {
      validate(pointer, schema.get("example"), "schema " + pointer);
    }
    schema.path("properties").properties().forEach(p -> schemaExamples(pointer + "/properties/" + escape(p.getKey()), p.getValue()));
    for (var key : List.of("items", "additionalProperties", "not")) {
      schemaExamples(pointer + "/" + key, schema.path(key));
    }
    for (var key : List.of("allOf", "anyOf", "oneOf", "prefixItems")) {
      for (int i = 0; i < schema.path(key).size(); i++) {
        schemaExamples(pointer + "/" + key + "/" + i, schema.path(key).get(i));
      }
    }
  }

  private void validate(String pointer, JsonNode value, String name) {
    schemaAt(pointer).validate(value)
        .forEach(e -> problems.add(name + ": example " + e.getInstanceLocation() + " " + e.getMessage() + " ("
            + e.getKeyword() + " " + Arrays.toString(e.getArguments()) + ")"));
  }

  /**
   * The schema at {@code pointer} with the document's components beside it, where its references
   * point: far quicker to compile than the whole document once per example, and the same for the
   * many answers that share a schema.
   */
  private Schema schemaAt(String pointer) {
    return compiled.computeIfAbsent(closed.at(pointer).toString(), text -> {
      var schema = ((ObjectNode) closed.at(pointer)).deepCopy();
      schema.set("components", closed.get("components"));
      return schemas.getSchema(schema.toString());
    });
  }

  /** Records which members of which component schemas {@code value} shows. */
  private void show(JsonNode schema, JsonNode value) {
    if (schema.has("$ref")) {
      var name = schema.get("$ref").asString().substring("#/components/schemas/".length());
      var target = document.path("components").path("schemas").path(name);
      if (value.isObject() && target.has("properties")) {
        var members = shown.computeIfAbsent(name, n -> new TreeSet<>());
        value.propertyNames().forEach(members::add);
      }
      show(target, value);
      return;
    }
    for (var key : List.of("allOf", "anyOf", "oneOf")) {
      schema.path(key).forEach(part -> show(part, value));
    }
    if (value.isObject()) {
      value.properties().forEach(member -> {
        var property = schema.path("properties").path(member.getKey());
        if (!property.isMissingNode() && !member.getValue().isNull()) {
          show(property, member.getValue());
        }
      });
    } else if (value.isArray() && schema.has("items")) {
      value.forEach(element -> show(schema.get("items"), element));
    }
  }
}
