package io.tradepost.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.tradepost.platform.Scope;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts each route's declared scope into the OpenAPI document: the {@code bearer} scheme, a
 * {@code security} requirement of it and an {@code x-required-scope} extension (also in the
 * description) on each operation; public operations get an empty {@code security}. The scope is not in
 * the requirement's list: OpenAPI reserves that for OAuth scopes, and linters and client generators
 * reject anything else there.
 */
@Configuration(proxyBeanMethods = false)
class ScopeDocumentation {

  static final String SCHEME = "bearer";

  @Bean
  OpenApiCustomizer bearerScheme() {
    return openApi -> {
      if (openApi.getComponents() == null) {
        openApi.components(new Components());
      }
      openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
          .scheme("bearer").description("An API key, tp_…; X-API-Key: tp_… is accepted too. " + AccessRefused.HOW_TO_GET_A_KEY));
    };
  }

  @Bean
  OperationCustomizer requiredScopes(ScopeCheck scopes) {
    return (operation, handler) -> {
      scopes.declared(handler).ifPresent(scope -> {
        if (scope == Scope.PUBLIC) {
          operation.setSecurity(List.of());
        } else {
          operation.setSecurity(List.of(new SecurityRequirement().addList(SCHEME)));
          var said = operation.getDescription() == null ? "" : operation.getDescription() + "\n\n";
          operation.setDescription(said + "Needs an API key with scope `" + scope.value() + "`.");
        }
        operation.addExtension(Scope.DOCUMENT_EXTENSION, scope.value());
      });
      return operation;
    };
  }
}
