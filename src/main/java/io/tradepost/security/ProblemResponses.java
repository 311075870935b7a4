package io.tradepost.security;

import io.tradepost.platform.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.ObjectMapper;

/** Writes a refusal as problem+json from a filter, where the platform's exception handler is not reached. */
final class ProblemResponses {

  private final ObjectMapper json;

  ProblemResponses(ObjectMapper json) {
    this.json = json;
  }

  void write(HttpServletResponse response, AccessRefused refusal) throws IOException {
    response.setStatus(refusal.status().value());
    if (refusal.status().value() == 401) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "UNAUTHENTICATED".equals(refusal.code())
          ? "Bearer" : "Bearer error=\"invalid_token\"");
    }
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), Problems.of(refusal));
  }
}
