package io.tradepost.platform;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A failure the caller can act on. The platform answers it as RFC 9457 problem+json carrying
 * {@link #code()}, which clients may rely on; the message becomes the problem's {@code detail}.
 */
public class DomainException extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final List<FieldError> errors;

  protected DomainException(HttpStatus status, String code, String detail) {
    this(status, code, detail, List.of());
  }

  protected DomainException(HttpStatus status, String code, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = List.copyOf(errors);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** One rejected input field: where it is ({@code quantity}, {@code items[3].price}) and why. */
  public record FieldError(String field, String message) {}
}
