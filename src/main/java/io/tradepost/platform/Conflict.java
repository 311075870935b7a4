package io.tradepost.platform;

import org.springframework.http.HttpStatus;

/** The request is valid but the resource's current state does not allow it: 409 with a code. */
public final class Conflict extends DomainException {

  private Conflict(String code, String detail) {
    super(HttpStatus.CONFLICT, code, detail);
  }

  public static Conflict of(String code, String detail) {
    return new Conflict(code, detail);
  }
}
