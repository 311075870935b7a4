package io.tradepost.platform;

import jakarta.servlet.ServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who is making the current request, as the security module authenticated it: the API key's id, or
 * {@link #LOCAL} for a loopback request while no key exists (protected mode). Modules read it
 * through {@link #current()} without depending on the security module; it scopes data to the caller
 * ({@code Idempotency-Key}).
 *
 * @param keyId the calling key's id, or {@link #LOCAL}
 * @param address the client's address
 */
public record Caller(String keyId, String address) {

  /** The caller of loopback requests while no key exists. */
  public static final String LOCAL = "local";
  private static final String ATTRIBUTE = Caller.class.getName();

  /** The caller of the request this thread serves; {@link #LOCAL} outside an authenticated request. */
  public static Caller current() {
    var request = RequestContextHolder.getRequestAttributes();
    var caller = request == null ? null : request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    return caller instanceof Caller c ? c : new Caller(LOCAL, null);
  }

  /** Remembers this caller on the request, for {@link #current()}. */
  public void bindTo(ServletRequest request) {
    request.setAttribute(ATTRIBUTE, this);
  }

  /** Whose data this request reads and writes: the key id, or {@link #LOCAL}. */
  public String clientId() {
    return keyId;
  }
}
