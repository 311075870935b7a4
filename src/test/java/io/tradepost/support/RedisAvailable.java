package io.tradepost.support;

import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips a test class when Redis at 127.0.0.1:6379 does not answer — except on CI (CI=true), where it fails. */
public class RedisAvailable implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 1000);
      socket.getOutputStream().write("PING\r\n".getBytes());
      var reply = new byte[5];
      int n = socket.getInputStream().read(reply);
      if (n > 0 && reply[0] == '+') {
        return ConditionEvaluationResult.enabled("Redis answers");
      }
      return unavailable("Redis at 127.0.0.1:6379 did not answer PING");
    } catch (Exception e) {
      return unavailable("Redis at 127.0.0.1:6379 does not answer: " + e.getMessage());
    }
  }

  private static ConditionEvaluationResult unavailable(String reason) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true and " + reason);
    }
    return ConditionEvaluationResult.disabled("Skipped: " + reason);
  }
}
