package io.tradepost.security;

import io.tradepost.platform.Caller;
import io.tradepost.platform.Scope;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated caller: an API key with its scopes (as authorities), or the protected-mode loopback caller. */
final class KeyAuthentication extends AbstractAuthenticationToken {

  private static final List<GrantedAuthority> EVERY_SCOPE = authorities(scope -> true);
  /** By the keys' scope sets (a handful): built once, not on every request. */
  private static final Map<Set<Scope>, List<GrantedAuthority>> BY_SCOPES = new ConcurrentHashMap<>();
  private final Caller caller;
  private final Predicate<Scope> grants;

  private KeyAuthentication(Caller caller, List<GrantedAuthority> authorities, Predicate<Scope> grants) {
    super(authorities);
    this.caller = caller;
    this.grants = grants;
    setAuthenticated(true);
  }

  static KeyAuthentication of(ApiKey key, String address) {
    return new KeyAuthentication(new Caller(key.id(), address),
        BY_SCOPES.computeIfAbsent(key.scopes(), scopes -> authorities(key::grants)), key::grants);
  }

  /** A loopback caller while no key exists: every scope. */
  static KeyAuthentication local(String address) {
    return new KeyAuthentication(new Caller(Caller.LOCAL, address), EVERY_SCOPE, scope -> true);
  }

  boolean grants(Scope scope) {
    return grants.test(scope);
  }

  Caller caller() {
    return caller;
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Object getPrincipal() {
    return caller.keyId();
  }

  private static List<GrantedAuthority> authorities(Predicate<Scope> grants) {
    return Arrays.stream(Scope.values()).filter(s -> s != Scope.PUBLIC && grants.test(s))
        .<GrantedAuthority>map(s -> new SimpleGrantedAuthority(s.value())).toList();
  }
}
