package io.tradepost.security;

import io.tradepost.platform.Caller;
import io.tradepost.platform.RequiresScope;
import io.tradepost.platform.Scope;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request reach its handler only when the caller holds the scope the handler declares
 * ({@link RequiresScope}); 403 {@code INSUFFICIENT_SCOPE} otherwise. A Tradepost handler that declares
 * none is refused to everyone but the protected-mode loopback caller: a forgotten declaration fails
 * closed. Handlers of libraries (the API documentation) are public by path ({@link PublicPaths}).
 */
final class ScopeCheck implements HandlerInterceptor {

  private final ConcurrentHashMap<Method, Optional<Scope>> declared = new ConcurrentHashMap<>();

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    // An async dispatch (a streamed download going on) was checked when the request came in.
    if (!(handler instanceof HandlerMethod method) || request.getDispatcherType() == DispatcherType.ASYNC) {
      return true;
    }
    var scope = declared(method);
    if (scope.isEmpty() && !method.getBeanType().getName().startsWith("io.tradepost.")) {
      return true;
    }
    if (scope.isPresent() && scope.get() == Scope.PUBLIC) {
      return true;
    }
    var authentication = SecurityContextHolder.getContext().getAuthentication();
    boolean local = authentication instanceof KeyAuthentication key && Caller.LOCAL.equals(key.caller().keyId());
    if (scope.isEmpty()) {
      if (local) {
        return true;
      }
      throw AccessRefused.undeclaredScope();
    }
    if (authentication instanceof KeyAuthentication key && key.grants(scope.get())) {
      return true;
    }
    throw AccessRefused.insufficientScope(scope.get());
  }

  Optional<Scope> declared(HandlerMethod method) {
    return declared.computeIfAbsent(method.getMethod(), m -> Optional
        .ofNullable(AnnotatedElementUtils.findMergedAnnotation(m, RequiresScope.class)).map(RequiresScope::value));
  }
}
