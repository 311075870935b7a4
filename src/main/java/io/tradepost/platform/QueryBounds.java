package io.tradepost.platform;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;

/**
 * The bounds every route checks on its paging parameters ({@link Paging}, the analytics window), stated
 * once for the document instead of on each of the dozen handler methods that take them.
 */
final class QueryBounds {

  private QueryBounds() {}

  static void apply(Operation operation) {
    if (operation.getParameters() == null) {
      return;
    }
    operation.getParameters().stream().filter(p -> "query".equals(p.getIn())).forEach(p -> {
      switch (p.getName()) {
        case "limit" -> bound(p.getSchema(), 1, Paging.MAX_LIMIT);
        case "offset" -> bound(p.getSchema(), 0, null);
        case "days" -> bound(p.getSchema(), 1, 366);
        default -> { }
      }
    });
  }

  private static void bound(Schema<?> schema, long min, Integer max) {
    schema.setMinimum(BigDecimal.valueOf(min));
    if (max != null) {
      schema.setMaximum(BigDecimal.valueOf(max));
    }
  }
}
