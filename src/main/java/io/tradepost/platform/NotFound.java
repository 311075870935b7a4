package io.tradepost.platform;

import org.springframework.http.HttpStatus;

/** The addressed resource does not exist: 404 {@code NOT_FOUND}. */
public final class NotFound extends DomainException {

  private NotFound(String detail) {
    super(HttpStatus.NOT_FOUND, "NOT_FOUND", detail);
  }

  public static NotFound of(String kind, Object id) {
    return new NotFound(kind + " '" + id + "' not found");
  }
}
