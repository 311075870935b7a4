package io.tradepost.platform;

import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's own error page, for requests it refuses before Spring sees them (an encoded slash or an
 * invalid escape in the path, an oversized header, a broken request line): problem+json with a
 * {@code code} like every other error, instead of Tomcat's HTML. Tomcat creates it by class name
 * ({@code StandardHost.errorReportValveClass}), hence public with a no-argument constructor; it
 * runs only on that error path, never on a normal request.
 */
public class ProblemReportValve extends ErrorReportValve {

  private static final Logger log = LoggerFactory.getLogger(ProblemReportValve.class);

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0) {
      return;
    }
    var ioAllowed = new AtomicBoolean();
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    var cause = throwable != null ? throwable : (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    var code = codeFor(status, cause);
    var body = """
        {"type":"urn:tradepost:problem:%s","title":"%s","status":%d,"detail":"%s","code":"%s"}"""
        .formatted(code.toLowerCase(Locale.ROOT).replace('_', '-'), title(status), status, detail(code), code);
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      var writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      log.debug("Could not write the error report", e);
    }
  }

  /** Tomcat says "Request header is too large" for a header or request line past max-http-request-header-size. */
  private static String codeFor(int status, Throwable cause) {
    return status == 400 && cause != null && String.valueOf(cause.getMessage()).contains("header is too large")
        ? "HEADER_TOO_LARGE" : ProblemHandler.codeFor(HttpStatusCode.valueOf(status));
  }

  private static String title(int status) {
    var known = HttpStatus.resolve(status);
    return known == null ? "Error" : known.getReasonPhrase();
  }

  private static String detail(String code) {
    return switch (code) {
      case "HEADER_TOO_LARGE" -> "The request headers are larger than the server accepts";
      case "BAD_REQUEST" -> "The request line or path is malformed (for example an encoded slash or an invalid %-escape)";
      default -> "The request was refused before it reached the service";
    };
  }
}
