package io.tradepost.platform;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The published contract (docs/api-contract.md): property names as Jackson writes them, one schema
 * name per type, the problem shape and the headers every route shares. {@link ProblemResponses} adds
 * each route's error responses, {@link ApiExamples} the examples of its JSON bodies.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

  static final String PROBLEM = "Problem";
  static final String REQUEST_ID = "X-Request-Id";
  static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
  static final String RATE_LIMIT = "RateLimit";

  @Bean
  OpenAPI tradepostOpenApi() {
    var components = new Components()
        .addParameters(REQUEST_ID, new HeaderParameter().name(REQUEST_ID).required(false)
            .description("Correlates the request with its log line; generated when absent, echoed in the answer")
            .schema(new StringSchema().maxLength(128)).example("3f6c1b2a-order-1"))
        .addHeaders(REQUEST_ID, new Header().description("The request's id, as sent or generated")
            .schema(new StringSchema()))
        .addHeaders("Retry-After", new Header().description("Seconds to wait before retrying")
            .schema(new IntegerSchema().minimum(BigDecimal.ZERO)))
        .addHeaders(RATE_LIMIT_POLICY, new Header()
            .description("The calling key's limit (IETF RateLimit headers draft): quota and window in seconds")
            .schema(new StringSchema()).example("\"key\";q=1000;w=1"))
        .addHeaders(RATE_LIMIT, new Header()
            .description("What is left of the calling key's limit and when it is full again, in seconds")
            .schema(new StringSchema()).example("\"key\";r=999;t=1"));
    return new OpenAPI()
        .info(new Info().title("Tradepost").version("v1")
            .description("Catalog, orders, ledger, settlement, analytics and sync. JSON is snake_case, timestamps "
                + "are ISO-8601 UTC, money is a decimal with two places. Every error is RFC 9457 "
                + "application/problem+json with a stable `code`.")
            .contact(new Contact().name("Tradepost maintainers"))
            .license(new License().name("Proprietary").identifier("LicenseRef-Tradepost")))
        .servers(List.of(new Server().url("http://localhost:8080").description("The embedded default")))
        .tags(List.of(
            new Tag().name("catalog").description("Products and product-update events"),
            new Tag().name("orders").description("Orders against limited stock"),
            new Tag().name("settlement").description("Settlement jobs and their CSV reports"),
            new Tag().name("analytics").description("Reports over orders"),
            new Tag().name("sync").description("External sources and the synced items"),
            new Tag().name("security").description("API keys and the audit trail"),
            new Tag().name("platform").description("Health and metrics")))
        .components(components);
  }

  /** Registered after (so called before) the resolver below, whose results it adjusts. */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  NullableRecordFields nullableRecordFields(@Value("${spring.jackson.property-naming-strategy:}") String naming) {
    return new NullableRecordFields("SNAKE_CASE".equalsIgnoreCase(naming));
  }

  @Bean
  ProblemResponses problemResponses() {
    return new ProblemResponses();
  }

  @Bean
  ApiExamples apiExamples() {
    return new ApiExamples();
  }

  /**
   * springdoc's schemas come from swagger-core, which reads types with its own (Jackson 2) mapper: it
   * gets the naming strategy the application's Jackson 3 mapper writes with, so the document shows the
   * names on the wire. Nested records are named after their enclosing type ({@code PlaceOrder.Body} is
   * {@code PlaceOrderBody}), so two {@code Body} records never share one schema.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  ModelResolver snakeCaseModelResolver(ObjectMapperProvider provider,
      @Value("${spring.jackson.property-naming-strategy:}") String naming) {
    var mapper = provider.jsonMapper().copy();
    if (!naming.isBlank()) {
      mapper.setPropertyNamingStrategy(namingStrategy(naming));
    }
    return new ModelResolver(mapper, new NestedTypeNames()).openapi31(provider.isOpenapi31());
  }

  private static PropertyNamingStrategy namingStrategy(String name) {
    try {
      return (PropertyNamingStrategy) PropertyNamingStrategies.class.getField(name.toUpperCase(Locale.ROOT)).get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Unknown spring.jackson.property-naming-strategy " + name, e);
    }
  }

  static Schema<?> problemSchema() {
    var fieldError = new ObjectSchema()
        .addProperty("field", new StringSchema().example("quantity"))
        .addProperty("message", new StringSchema().example("must be between 1 and 10000"))
        .required(List.of("field", "message"));
    var schema = new ObjectSchema()
        .description("RFC 9457 problem details with a stable `code`")
        .addProperty("type", new StringSchema().description("urn:tradepost:problem:<code>")
            .example("urn:tradepost:problem:validation-failed"))
        .addProperty("title", new StringSchema().example("Bad Request"))
        .addProperty("status", new IntegerSchema().minimum(BigDecimal.valueOf(400))
            .maximum(BigDecimal.valueOf(599)).example(400))
        .addProperty("detail", new StringSchema().example("quantity: must be between 1 and 10000"))
        .addProperty("instance", new StringSchema().description("The request path").example("/orders"))
        .addProperty("code", new StringSchema().description("Stable, machine-readable").example("VALIDATION_FAILED"))
        .addProperty("errors", new ArraySchema().items(fieldError).description("Field errors (VALIDATION_FAILED)"))
        .addProperty("trace_id", new StringSchema().description("The trace this answer belongs to, when tracing is on")
            .example("4bf92f3577b34da6a3ce929d0e0e4736"));
    schema.setRequired(List.of("type", "title", "status", "code"));
    return schema;
  }

  /** swagger-core's names, but {@code Outer.Inner} becomes {@code OuterInner} (without "Controller"). */
  private static final class NestedTypeNames extends TypeNameResolver {
    @Override
    protected String getNameOfClass(Class<?> type) {
      var name = super.getNameOfClass(type);
      var outer = type.getEnclosingClass();
      if (outer == null || name.contains(".")) {
        return name;
      }
      var prefix = getNameOfClass(outer).replace("Controller", "");
      return name.startsWith(prefix) ? name : prefix + name;
    }
  }
}
