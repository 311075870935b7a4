package io.tradepost.platform;

import org.springframework.http.ProblemDetail;

/** The problem+json body for a {@link DomainException}, for code that stores or replays responses. */
public final class Problems {

  private Problems() {}

  public static ProblemDetail of(DomainException e) {
    var problem = ProblemHandler.problem(e.status(), e.code(), e.getMessage());
    if (!e.errors().isEmpty()) {
      problem.setProperty("errors", e.errors());
    }
    return problem;
  }
}
