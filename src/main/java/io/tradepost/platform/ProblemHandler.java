package io.tradepost.platform;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.ValueInstantiationException;

/** Turns every failure into RFC 9457 problem+json with a stable {@code code}. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(DomainException.class)
  ResponseEntity<Object> domain(DomainException e) {
    var problem = Problems.of(e);
    var response = ResponseEntity.status(e.status());
    if (e instanceof RetryLater retry) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(retry.retryAfterSeconds()));
    }
    return response.body(problem);
  }

  /**
   * The database is down, hung or too slow ({@link DatabaseOutage}): no connection within the pool's
   * timeout, a connection lost mid-transaction, a statement or socket timeout.
   */
  @ExceptionHandler({DataAccessResourceFailureException.class, QueryTimeoutException.class,
      TransientDataAccessResourceException.class, CannotCreateTransactionException.class})
  ResponseEntity<Object> databaseUnavailable(Exception e) {
    log.warn("Database unavailable: {}", NestedExceptionUtils.getMostSpecificCause(e).toString());
    return domain(RetryLater.of("DATABASE_UNAVAILABLE", "The database is unreachable or busy; retry shortly", 1));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e) {
    if (DatabaseOutage.causedBy(e)) {
      return databaseUnavailable(e);
    }
    log.error("Unhandled error", e);
    var status = HttpStatus.INTERNAL_SERVER_ERROR;
    return ResponseEntity.status(status)
        .body(problem(status, "INTERNAL_ERROR", "An unexpected error occurred; it has been logged"));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BodySizeLimit.TooLarge tooLarge) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
            .body(problem(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE", tooLarge.getMessage()));
      }
    }
    if (e.getCause() instanceof ValueInstantiationException && e.getCause().getCause() instanceof DomainException d) {
      return domain(d);
    }
    // Well-formed JSON of the wrong shape or type is a validation failure; broken JSON is not, nor is
    // a body holding more than one JSON value ({"a":1} {"b":2}).
    var cause = e.getCause();
    boolean broken = unreadable(cause)
        || cause instanceof JacksonException jackson && String.valueOf(jackson.getOriginalMessage()).startsWith("Trailing token");
    if (cause instanceof JacksonException jackson && !broken) {
      var field = jackson.getPath().isEmpty() ? "body" : path(jackson.getPath());
      return domain(InvalidInput.field(field, "has the wrong type or value"));
    }
    var detail = broken ? "The request body is not valid JSON" : "The request body is missing or unreadable";
    return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "MALFORMED_JSON", detail));
  }

  /**
   * Broken JSON, also when databind wrapped it (a nesting or number-length limit hit inside a
   * record's field); a number too big for its field is a value error, not broken JSON.
   */
  private static boolean unreadable(Throwable cause) {
    for (; cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamReadException && !(cause instanceof InputCoercionException)
          || cause instanceof StreamConstraintsException) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return domain(InvalidInput.field(String.valueOf(e.getPropertyName()), "has the wrong type"));
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status,
      WebRequest request) {
    return domain(InvalidInput.field(e.getParameterName(), "is required"));
  }

  /** Spring MVC's own errors (404 route, 405, 415, 406…) get a code from their status. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    var problem = body instanceof ProblemDetail p ? p : ProblemDetail.forStatus(status);
    var code = codeFor(status);
    problem.setType(type(code));
    problem.setProperty("code", code);
    problem.setInstance(null);
    return ResponseEntity.status(status).headers(headers).body(problem);
  }

  static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
    var problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type(code));
    problem.setProperty("code", code);
    return problem;
  }

  private static URI type(String code) {
    return URI.create("urn:tradepost:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  static String codeFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> "BAD_REQUEST";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 406 -> "NOT_ACCEPTABLE";
      case 413 -> "PAYLOAD_TOO_LARGE";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      case 503 -> "SERVICE_UNAVAILABLE";
      default -> status.is5xxServerError() ? "INTERNAL_ERROR" : "REQUEST_REJECTED";
    };
  }

  private static String path(List<JacksonException.Reference> path) {
    return path.stream()
        .map(r -> r.getPropertyName() != null ? "." + r.getPropertyName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }
}
