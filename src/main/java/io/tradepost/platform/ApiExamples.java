package io.tradepost.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Gives every JSON request body and answer of the document its examples, from one file
 * ({@code openapi/examples.yaml}) that reads like the API instead of from annotations spread over every
 * controller: by schema name, or by operation where a body's schema is an array or its meaning differs
 * from the schema's example. An entry that matches nothing fails, so a renamed schema cannot leave its
 * examples behind unnoticed.
 */
final class ApiExamples implements OpenApiCustomizer {

  private static final String RESOURCE = "openapi/examples.yaml";
  private static final String JSON = "application/json";
  private static final String TWIN = "/api/v1";

  private final Map<String, Map<String, Example>> bySchema;
  private final Map<String, Map<String, Example>> byOperation;

  ApiExamples() {
    Map<String, Map<String, Map<String, Map<String, Object>>>> file = read();
    this.bySchema = examples(file.get("schemas"));
    this.byOperation = examples(file.get("operations"));
  }

  @Override
  public void customise(OpenAPI openApi) {
    var used = new HashSet<String>();
    openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
      if (operation.getRequestBody() != null) {
        attach(operation.getRequestBody().getContent(), method.name(), path, "request", used);
      }
      operation.getResponses().forEach((status, response) -> attach(response.getContent(), method.name(), path, status, used));
    }));
    var unused = new TreeSet<String>();
    bySchema.keySet().stream().filter(name -> !used.contains(name)).forEach(unused::add);
    byOperation.keySet().stream().filter(key -> !used.contains(key)).forEach(unused::add);
    if (!unused.isEmpty()) {
      throw new IllegalStateException(RESOURCE + " has examples for what the document lacks: " + unused);
    }
  }

  private void attach(Content content, String verb, String path, String status, Set<String> used) {
    MediaType json = content == null ? null : content.get(JSON);
    if (json == null || json.getExample() != null || json.getExamples() != null) {
      return;
    }
    var key = operationKey(verb, path, status);
    var ref = json.getSchema() == null ? null : json.getSchema().get$ref();
    var schema = ref == null ? null : ref.substring(ref.lastIndexOf('/') + 1);
    if (key != null) {
      json.setExamples(byOperation.get(key));
      used.add(key);
    } else if (schema != null && bySchema.containsKey(schema)) {
      json.setExamples(bySchema.get(schema));
      used.add(schema);
    }
  }

  /** The file's key for this body: its own path or, for an /api/v1 route, its seed-compatible twin's. */
  private String operationKey(String verb, String path, String status) {
    var twin = path.startsWith(TWIN + "/") ? path.substring(TWIN.length()) : path;
    return Stream.of(path, twin).map(p -> verb + " " + p + " " + status).filter(byOperation::containsKey)
        .findFirst().orElse(null);
  }

  private static Map<String, Map<String, Example>> examples(Map<String, Map<String, Map<String, Object>>> entries) {
    var examples = new LinkedHashMap<String, Map<String, Example>>();
    if (entries != null) {
      entries.forEach((key, named) -> {
        var list = new LinkedHashMap<String, Example>();
        named.forEach((name, example) -> list.put(name,
            new Example().summary((String) example.get("summary")).value(example.get("value"))));
        examples.put(key, list);
      });
    }
    return examples;
  }

  private static Map<String, Map<String, Map<String, Map<String, Object>>>> read() {
    try (InputStream in = ApiExamples.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing");
      }
      return new Yaml(new DecimalNumbers()).load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code 20.00} as the decimal it is, so the document shows money with its two places. */
  private static final class DecimalNumbers extends SafeConstructor {
    DecimalNumbers() {
      super(new LoaderOptions());
      this.yamlConstructors.put(Tag.FLOAT, new ConstructYamlFloat() {
        @Override
        public Object construct(Node node) {
          return new BigDecimal(((ScalarNode) node).getValue().replace("_", ""));
        }
      });
    }
  }
}
