package io.tradepost.platform;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * States what the wire shows about a record's fields: a primitive one is always there (required), any
 * other may be {@code null} (Jackson writes nulls) unless the record says it is required. Without this
 * the document would promise a string where the service sends {@code null}.
 */
class NullableRecordFields implements ModelConverter {

  private final UnaryOperator<String> naming;

  NullableRecordFields(boolean snakeCase) {
    this.naming = snakeCase ? new PropertyNamingStrategies.SnakeCaseStrategy()::translate : UnaryOperator.identity();
  }

  @Override
  public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
    if (!chain.hasNext()) {
      return null;
    }
    var schema = chain.next().resolve(type, context, chain);
    var raw = rawClass(type);
    if (schema == null || raw == null || !raw.isRecord()) {
      return schema;
    }
    Schema<?> model = schema.get$ref() != null && context.getDefinedModels() != null
        ? context.getDefinedModels().get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1))
        : schema;
    if (model == null || model.getProperties() == null) {
      return schema;
    }
    for (RecordComponent component : raw.getRecordComponents()) {
      var name = wireName(component);
      Schema<?> property = (Schema<?>) model.getProperties().get(name);
      if (property == null) {
        continue;
      }
      boolean required = model.getRequired() != null && model.getRequired().contains(name);
      if (component.getType().isPrimitive()) {
        if (!required) {
          model.addRequiredItem(name);
        }
      } else if (!required) {
        ((java.util.Map<String, Schema>) model.getProperties()).put(name, nullable(property));
      }
    }
    return schema;
  }

  private String wireName(RecordComponent component) {
    var explicit = component.getAccessor().getAnnotation(JsonProperty.class);
    if (explicit == null) {
      explicit = component.getAnnotation(JsonProperty.class);
    }
    return explicit != null && !explicit.value().isEmpty() ? explicit.value() : naming.apply(component.getName());
  }

  private static Schema<?> nullable(Schema<?> property) {
    if (property.get$ref() != null) {
      return new Schema<>().anyOf(List.of(new Schema<>().$ref(property.get$ref()), new Schema<>().types(Set.of("null"))))
          .description(property.getDescription());
    }
    var types = property.getTypes() == null ? new ArrayList<String>() : new ArrayList<>(property.getTypes());
    if (types.isEmpty() && property.getType() != null) {
      types.add(property.getType());
    }
    if (!types.isEmpty() && !types.contains("null")) {
      types.add("null");
      property.setTypes(new java.util.LinkedHashSet<>(types));
    }
    return property;
  }

  private static Class<?> rawClass(AnnotatedType type) {
    if (type.getType() instanceof Class<?> c) {
      return c;
    }
    if (type.getType() instanceof com.fasterxml.jackson.databind.JavaType javaType) {
      return javaType.getRawClass();
    }
    return null;
  }
}
