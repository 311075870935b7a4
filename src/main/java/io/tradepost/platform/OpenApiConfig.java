package io.tradepost.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Documents the one error shape on every operation, so clients see it next to each route. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

  @Bean
  OpenApiCustomizer problemResponses() {
    return openApi -> {
      openApi.info(new Info().title("Tradepost").version("v1")
          .description("Catalog, orders, ledger, settlement, analytics and sync. Errors are RFC 9457 "
              + "application/problem+json with a stable `code`."));
      if (openApi.getComponents() == null) {
        openApi.components(new Components());
      }
      openApi.getComponents().addSchemas("Problem", problemSchema());
      var problem = new ApiResponse()
          .description("An error: VALIDATION_FAILED / MALFORMED_JSON (400), NOT_FOUND (404), METHOD_NOT_ALLOWED (405),"
              + " PAYLOAD_TOO_LARGE (413), UNSUPPORTED_MEDIA_TYPE (415), INTERNAL_ERROR (500), or the codes listed"
              + " on the operation")
          .content(new Content().addMediaType("application/problem+json",
              new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
      openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
          operation.getResponses().putIfAbsent("default", problem)));
    };
  }

  private static Schema<?> problemSchema() {
    var fieldError = new ObjectSchema()
        .addProperty("field", new StringSchema().example("quantity"))
        .addProperty("message", new StringSchema().example("must be between 1 and 10000"));
    return new ObjectSchema()
        .addProperty("type", new StringSchema().example("urn:tradepost:problem:validation-failed"))
        .addProperty("title", new StringSchema().example("Bad Request"))
        .addProperty("status", new IntegerSchema().example(400))
        .addProperty("detail", new StringSchema().example("quantity: must be between 1 and 10000"))
        .addProperty("instance", new StringSchema().example("/orders"))
        .addProperty("code", new StringSchema().example("VALIDATION_FAILED"))
        .addProperty("errors", new ArraySchema().items(fieldError));
  }
}
