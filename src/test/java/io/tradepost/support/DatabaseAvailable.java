package io.tradepost.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Skips a test class whose database does not answer, with the reason in the report — except on CI
 * ({@code CI=true}), where a missing database is a failure, not a skip.
 */
class DatabaseAvailable implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    var annotation = context.getTestClass()
        .map(c -> AnnotatedElementUtils.findMergedAnnotation(c, RequiresDatabase.class));
    if (annotation.isEmpty() || annotation.get() == null) {
      return ConditionEvaluationResult.enabled("no database required");
    }
    var database = annotation.get().value();
    var reason = database.unavailableBecause();
    if (reason.isEmpty()) {
      return ConditionEvaluationResult.enabled(database + " answers");
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true and " + reason.get());
    }
    return ConditionEvaluationResult.disabled("Skipped: " + reason.get());
  }
}
