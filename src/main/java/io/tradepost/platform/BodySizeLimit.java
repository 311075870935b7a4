package io.tradepost.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Rejects request bodies over {@code tradepost.http.max-body-size} with 413: at once when the
 * declared length is too big, or while reading when a chunked body grows past the limit.
 */
class BodySizeLimit extends OncePerRequestFilter {

  private final long limit;
  private final ObjectMapper json;

  BodySizeLimit(long limit, ObjectMapper json) {
    this.limit = limit;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > limit) {
      var status = HttpStatus.CONTENT_TOO_LARGE;
      response.setStatus(status.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      // The client may still be sending; closing keeps us from reading megabytes we will not use.
      response.setHeader("Connection", "close");
      json.writeValue(response.getOutputStream(),
          ProblemTraceIds.addTo(ProblemHandler.problem(status, "PAYLOAD_TOO_LARGE", message()), request));
      return;
    }
    // A request without a body (most GETs) has nothing to count: it goes through unwrapped.
    boolean mayHaveBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    chain.doFilter(mayHaveBody ? new Limited(request) : request, response);
  }

  private String message() {
    return "The request body is larger than " + limit + " bytes";
  }

  /** Thrown from the body stream; the problem handler answers it with 413. */
  static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  private final class Limited extends HttpServletRequestWrapper {
    private ServletInputStream stream;

    Limited(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream());
      }
      return stream;
    }
  }

  private final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private long read;

    Counting(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws TooLarge {
      read += n;
      if (read > limit) {
        throw new TooLarge(message());
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
