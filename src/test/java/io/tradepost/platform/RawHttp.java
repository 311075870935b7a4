package io.tradepost.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 over a bare socket, for requests no HTTP client will send: an invalid escape in the path,
 * a NUL byte in a header, a broken request line.
 */
final class RawHttp {

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends {@code head} (request line and headers, without the blank line) and {@code body}, and returns
   * as soon as the answer is complete, whether or not the server read the whole body.
   */
  Response send(String head, byte[] body) throws IOException {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      var request = (head + (body.length > 0 ? "\r\nContent-Length: " + body.length : "")
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
      var out = socket.getOutputStream();
      // The server may answer (413, 400) before it has read a large body: write it aside.
      CompletableFuture.runAsync(() -> {
        try {
          out.write(request);
          out.write(body);
          out.flush();
        } catch (IOException e) {
          // The server stopped reading, or the answer came and the socket is closed: nothing to do.
        }
      });
      return read(socket.getInputStream());
    }
  }

  private static Response read(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    while (!endsWithBlankLine(head)) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("No HTTP response: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
    }
    var lines = head.toString(StandardCharsets.ISO_8859_1).strip().split("\r\n");
    var headers = new LinkedHashMap<String, String>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    byte[] body;
    if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(in);
    } else {
      body = in.readAllBytes();
    }
    return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
    var bytes = head.toByteArray();
    int n = bytes.length;
    return n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n';
  }

  private static byte[] unchunk(InputStream in) throws IOException {
    var body = new ByteArrayOutputStream();
    while (true) {
      var size = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("Chunked body ends early");
        }
        size.append((char) b);
      }
      int length = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
      if (length == 0) {
        return body.toByteArray();
      }
      body.writeBytes(in.readNBytes(length));
      in.readNBytes(2);
    }
  }
}
