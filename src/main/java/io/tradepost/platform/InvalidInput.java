package io.tradepost.platform;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * Input that breaks a rule: 400 {@code VALIDATION_FAILED} with one entry per offending field.
 * Commands collect their complaints with {@link Check} so the caller sees all of them at once.
 */
public final class InvalidInput extends DomainException {

  private InvalidInput(List<FieldError> errors) {
    super(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", summary(errors), errors);
  }

  public static InvalidInput field(String field, String message) {
    return new InvalidInput(List.of(new FieldError(field, message)));
  }

  public static InvalidInput of(List<FieldError> errors) {
    return new InvalidInput(errors);
  }

  private static String summary(List<FieldError> errors) {
    return errors.size() == 1
        ? errors.get(0).field() + ": " + errors.get(0).message()
        : errors.size() + " fields are invalid";
  }

  /** Collects field errors; {@link #done()} throws when there are any. */
  public static final class Check {
    private final List<FieldError> errors = new ArrayList<>();

    public Check require(boolean ok, String field, String message) {
      if (!ok) {
        errors.add(new FieldError(field, message));
      }
      return this;
    }

    public Check add(String field, String message) {
      errors.add(new FieldError(field, message));
      return this;
    }

    public boolean failed(String field) {
      return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    public boolean hasErrors() {
      return !errors.isEmpty();
    }

    public List<FieldError> errors() {
      return List.copyOf(errors);
    }

    public void done() {
      if (!errors.isEmpty()) {
        throw new InvalidInput(errors);
      }
    }
  }
}
