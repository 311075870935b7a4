package io.tradepost.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code compose.yaml} is a file people run without reading: it must be valid Compose, and every
 * variable it gives Tradepost must be one Tradepost reads (a misspelt {@code TRADEPOST_DB_URL} would
 * silently start the instances on their own embedded databases).
 */
class ComposeFileTest {

  static final Path COMPOSE = Path.of("compose.yaml");
  static final Pattern GETENV = Pattern.compile("System\\.getenv\\(\"([A-Z0-9_]+)\"\\)");
  static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)(?::[^}]*)?}");

  @Test
  void theComposeFileFollowsTheComposeSpecification() throws IOException {
    var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    // The schema as published (github.com/compose-spec/compose-spec, schema/compose-spec.json).
    var schema = registry.getSchema(SchemaLocation.of("classpath:deploy/compose-spec.json"));

    var errors = schema.validate(compose().toString(), InputFormat.JSON);

    assertThat(errors).isEmpty();
  }

  @Test
  void everyVariableTheTradepostServicesSetIsOneTradepostReads() throws IOException {
    var known = variablesTradepostReads();
    var unknown = new TreeSet<String>();
    var instances = new TreeSet<String>();
    var services = compose().get("services");
    for (var name : services.propertyNames()) {
      var service = services.get(name);
      if (service.path("image").asString("").startsWith("tradepost")) {
        instances.add(name);
        service.path("environment").propertyNames().forEach(variable -> {
          if (!known.test(variable)) {
            unknown.add(name + ": " + variable);
          }
        });
      }
    }

    assertThat(instances).containsExactly("tradepost-1", "tradepost-2");
    assertThat(unknown).as("variables no property, placeholder or getenv of Tradepost reads").isEmpty();
  }

  @Test
  void aMisspeltVariableIsNotMistakenForOneTradepostReads() throws IOException {
    var known = variablesTradepostReads();

    assertThat(Stream.of("TRADEPOST_DB_URL", "TRADEPOST_SYNC_SOURCES_POKEAPI_BASEURL", "SPRING_DATA_REDIS_HOST", "PORT",
        "TRADEPOST_LOG_FORMAT", "JAVA_TOOL_OPTIONS")).allMatch(known);
    assertThat(Stream.of("TRADEPOST_DB_URI", "TRADEPOST_CACHES", "SPRING_DATA_REDIS_HOSTNAME")).noneMatch(known);
  }

  /** Read by SnakeYAML, which resolves aliases as Compose does (the instances share one block). */
  private static JsonNode compose() throws IOException {
    return JsonMapper.builder().build().valueToTree(new Yaml().load(Files.readString(COMPOSE)));
  }

  /**
   * Relaxed binding in reverse: each property of Tradepost's and Spring Boot's configuration metadata
   * (anything under a map-valued one, such as {@code tradepost.sync.sources}), each key and placeholder
   * of application.yml as its variable name, each variable the code reads itself, and the JVM's own.
   */
  static Predicate<String> variablesTradepostReads() throws IOException {
    var variables = new TreeSet<String>(Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"));
    var mapPrefixes = new TreeSet<String>();
    var json = JsonMapper.builder().build();
    for (var metadata : new PathMatchingResourcePatternResolver()
        .getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
      try (var in = metadata.getInputStream()) {
        json.readTree(in).path("properties").forEach(p -> {
          for (var name : variables(p.get("name").asString())) {
            variables.add(name);
            if (p.path("type").asString("").startsWith("java.util.Map<")) {
              mapPrefixes.add(name + "_");
            }
          }
        });
      }
    }
    var application = Path.of("src/main/resources/application.yml");
    var keys = new ArrayList<String>();
    flatten("", YAMLMapper.builder().build().readTree(application.toFile()), keys);
    keys.forEach(k -> variables.addAll(variables(k)));
    PLACEHOLDER.matcher(Files.readString(application)).results().forEach(m -> variables.addAll(variables(m.group(1))));
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (var source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        GETENV.matcher(Files.readString(source)).results().forEach(m -> variables.add(m.group(1)));
      }
    }
    return variable -> variables.contains(variable) || mapPrefixes.stream().anyMatch(variable::startsWith);
  }

  private static void flatten(String prefix, JsonNode node, ArrayList<String> keys) {
    if (node.isObject()) {
      node.propertyNames().forEach(name -> flatten(prefix.isEmpty() ? name : prefix + "." + name, node.get(name), keys));
    } else {
      keys.add(prefix);
    }
  }

  /** Both names Spring Boot binds: dashes dropped ({@code _POOLSIZE}) and, legacy, dashes as underscores. */
  private static List<String> variables(String property) {
    var underscored = property.replace('.', '_').toUpperCase(Locale.ROOT);
    return List.of(underscored.replace("-", ""), underscored.replace('-', '_'));
  }
}
