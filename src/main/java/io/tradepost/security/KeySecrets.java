package io.tradepost.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes and checks key secrets. A key is {@code tp_<id>_<secret>}: an 8-character id (what
 * {@code keys list} shows) and 256 random bits. Only SHA-256 of the secret is stored, or HMAC-SHA256
 * with the server's pepper: a fast hash is right for random secrets (nothing to guess), and a slow
 * password hash would cost milliseconds on every request.
 */
final class KeySecrets {

  static final String PREFIX = "tp_";
  private static final int ID_LENGTH = 8;
  private static final Pattern ID = Pattern.compile("[a-z0-9]{" + ID_LENGTH + "}");
  private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] pepper;

  KeySecrets(String pepper) {
    this.pepper = pepper.getBytes(StandardCharsets.UTF_8);
  }

  /** A key as presented by a caller: its id and secret, not yet checked. */
  record Presented(String id, String secret) {}

  /** A new key: the whole key (shown once) and what is stored of it. */
  record Issued(String id, String key, String secretHash) {}

  Issued issue() {
    var id = new StringBuilder(ID_LENGTH);
    for (int i = 0; i < ID_LENGTH; i++) {
      id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
    }
    var bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    var secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new Issued(id.toString(), PREFIX + id + "_" + secret, hash(secret));
  }

  /** The id and secret of a well-formed key; empty for anything else. */
  static Optional<Presented> parse(String key) {
    int idEnd = PREFIX.length() + ID_LENGTH;
    if (key == null || key.length() < idEnd + 2 || !key.startsWith(PREFIX) || key.charAt(idEnd) != '_') {
      return Optional.empty();
    }
    var id = key.substring(PREFIX.length(), idEnd);
    return ID.matcher(id).matches() ? Optional.of(new Presented(id, key.substring(idEnd + 1))) : Optional.empty();
  }

  /** A key id as {@code keys revoke} takes it: the id alone or the whole key. */
  static Optional<String> idOf(String idOrKey) {
    if (ID.matcher(idOrKey).matches()) {
      return Optional.of(idOrKey);
    }
    return parse(idOrKey).map(Presented::id);
  }

  /** Whether {@code secret} is the one stored as {@code secretHash}, in constant time. */
  boolean matches(String secret, String secretHash) {
    return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
        secretHash.getBytes(StandardCharsets.US_ASCII));
  }

  String hash(String secret) {
    var bytes = secret.getBytes(StandardCharsets.UTF_8);
    try {
      if (pepper.length == 0) {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      }
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
