package io.tradepost.ops;

/** What the sign-in form says when a key was refused (the code comes back in the redirect). */
final class SignInRefusal {

  private SignInRefusal() {}

  static String describe(String code) {
    return switch (code) {
      case "KEY_REVOKED" -> "This key has been revoked.";
      case "KEY_EXPIRED" -> "This key has expired.";
      case "INSUFFICIENT_SCOPE" -> "This key does not grant ops:read.";
      case "RATE_LIMITED" -> "Too many attempts; wait a moment and try again.";
      default -> "This key is not valid.";
    };
  }
}
