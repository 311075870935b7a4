import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * PokeAPI's Pokémon list for bench/sync: {@code GET /pokemon?limit=&offset=} shaped like the real API
 * ({@code count}, absolute {@code next}/{@code previous} links, an empty {@code results} past the end)
 * for 1,302 Pokémon with their real ids (1–1025, then 10001–10277), every answer held back
 * until LATENCY_MS after the request arrived. A page is rendered once and then served as the same bytes,
 * and each request waits on its own virtual thread, so the stub adds the latency and little else (on
 * the 2-core bench machine, 4 connections: 20.9 ms per page on average, WireMock standalone with a
 * 20 ms fixed delay 21.5 ms; the tests still use WireMock).
 * {@code GET /health} answers at once.
 * Usage: java PokeStub.java PORT [LATENCY_MS] — listens on 127.0.0.1 only (PORT 0: a free port, named
 * in the line it prints when it listens); stop it with SIGTERM.
 */
public class PokeStub {

  static final int COUNT = 1302;
  static final String API = "https://pokeapi.co/api/v2";

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    long latencyMs = args.length > 1 ? Long.parseLong(args[1]) : 20;
    var pages = new ConcurrentHashMap<String, byte[]>();
    var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"ok\"}".getBytes()));
    server.createContext("/pokemon", exchange -> {
      long arrived = System.nanoTime();
      var query = query(exchange.getRequestURI().getRawQuery());
      byte[] body;
      int status;
      try {
        int limit = Integer.parseInt(query.getOrDefault("limit", "20"));
        int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        if (limit < 1 || offset < 0) {
          throw new NumberFormatException();
        }
        body = pages.computeIfAbsent(limit + ":" + offset, k -> page(limit, offset));
        status = 200;
      } catch (NumberFormatException e) {
        body = "{\"detail\":\"bad limit or offset\"}".getBytes();
        status = 400;
      }
      long wait = latencyMs * 1_000_000 - (System.nanoTime() - arrived);
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      answer(exchange, status, body);
    });
    server.start();
    System.out.println("PokeStub listening on 127.0.0.1:" + server.getAddress().getPort() + ", " + latencyMs
        + " ms per request");
  }

  static int id(int index) {
    return index < 1025 ? index + 1 : 10001 + (index - 1025);
  }

  static byte[] page(int limit, int offset) {
    var json = new StringBuilder(100 + 90 * limit).append("{\"count\":").append(COUNT)
        .append(",\"next\":").append(offset + limit < COUNT ? link(offset + limit, limit) : "null")
        .append(",\"previous\":").append(offset > 0 ? link(Math.max(0, offset - limit), limit) : "null")
        .append(",\"results\":[");
    for (int i = offset; i < Math.min(COUNT, offset + limit); i++) {
      json.append(i > offset ? "," : "").append("{\"name\":\"pokemon-").append(id(i))
          .append("\",\"url\":\"").append(API).append("/pokemon/").append(id(i)).append("/\"}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  static String link(int offset, int limit) {
    return "\"" + API + "/pokemon?offset=" + offset + "&limit=" + limit + "\"";
  }

  static Map<String, String> query(String raw) {
    var params = new HashMap<String, String>();
    if (raw != null) {
      for (var pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return params;
  }

  static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
