// Small HTTP client for bench/orders, run as a single-file program with JDK 25: java BenchClient.java MODE ...
//
//   burst    BASE_URL PRODUCT_ID N      N orders of quantity 1 at once, over N connections opened beforehand;
//                                       wall time from the first request sent to the last response read
//   products BASE_URL PREFIX COUNT STOCK  PUT products PREFIX00001..PREFIX<COUNT>, 32 at a time
//
// Every socket has a timeout and the whole run a deadline, so it always ends. Output is "key=value" words.
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** With BENCH_KEYS=1 (lib/service.sh) every request carries the run's API key. */
static final String API_KEY = System.getenv("BENCH_API_KEY");
static final String[] AUTHORIZATION = API_KEY == null ? new String[] {"X-Bench", "1"} : new String[] {"Authorization", "Bearer " + API_KEY};
static final String AUTHORIZATION_LINE = "\r\n" + AUTHORIZATION[0] + ": " + AUTHORIZATION[1];

void main(String[] args) throws Exception {
  switch (args[0]) {
    case "burst" -> burst(URI.create(args[1]), args[2], Integer.parseInt(args[3]));
    case "products" -> products(URI.create(args[1]), args[2], Integer.parseInt(args[3]), Long.parseLong(args[4]));
    default -> throw new IllegalArgumentException("unknown mode " + args[0]);
  }
}

static final int SOCKET_TIMEOUT_MS = 30_000;
static final long DEADLINE_S = 60;

/** Opens n connections, then releases one POST /orders on each at the same instant. */
void burst(URI base, String product, int n) throws Exception {
  var sockets = new ArrayList<Socket>(n);
  try {
    for (int i = 0; i < n; i++) {
      var s = new Socket();
      s.setTcpNoDelay(true);
      s.setSoTimeout(SOCKET_TIMEOUT_MS);
      s.connect(new InetSocketAddress(base.getHost(), base.getPort()), SOCKET_TIMEOUT_MS);
      sockets.add(s);
    }
    // One reader per connection, already blocked on its socket; then one thread writes the n requests
    // back to back, so the client spends next to no CPU while the server works.
    var done = new CountDownLatch(n);
    var statuses = new ConcurrentHashMap<Integer, AtomicInteger>();
    var lastEnd = new AtomicLong();
    var firstEnd = new AtomicLong(Long.MAX_VALUE);
    var errors = new AtomicInteger();
    var requests = new byte[n][];
    var threads = Executors.newVirtualThreadPerTaskExecutor();
    for (int i = 0; i < n; i++) {
      var socket = sockets.get(i);
      var body = "{\"product_id\":\"" + product + "\",\"quantity\":1,\"buyer_id\":\"burst-" + i + "\"}";
      requests[i] = ("POST /orders HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
          + AUTHORIZATION_LINE + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
          + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
      threads.execute(() -> {
        try {
          int status = readStatusThenDrain(socket.getInputStream());
          long end = System.nanoTime();
          lastEnd.accumulateAndGet(end, Math::max);
          firstEnd.accumulateAndGet(end, Math::min);
          statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
        } catch (Exception e) {
          errors.incrementAndGet();
          System.err.println("burst request failed: " + e);
        } finally {
          done.countDown();
        }
      });
    }
    Thread.sleep(1000); // every reader blocked on its socket, and this JVM's start-up work settled
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      var out = sockets.get(i).getOutputStream();
      out.write(requests[i]);
      out.flush();
    }
    long allSent = System.nanoTime();
    boolean finished = done.await(DEADLINE_S, TimeUnit.SECONDS);
    threads.shutdownNow();
    long wallMs = TimeUnit.NANOSECONDS.toMillis(Math.max(lastEnd.get(), start) - start);
    var sorted = new TreeMap<Integer, Integer>();
    statuses.forEach((k, v) -> sorted.put(k, v.get()));
    int other = 0;
    for (var e : sorted.entrySet()) {
      if (e.getKey() != 201 && e.getKey() != 409) other += e.getValue();
    }
    var out = new StringBuilder("wall_ms=" + wallMs
        + " all_sent_ms=" + TimeUnit.NANOSECONDS.toMillis(allSent - start)
        + " first_response_ms=" + TimeUnit.NANOSECONDS.toMillis(Math.max(Math.min(firstEnd.get(), lastEnd.get()), start) - start)
        + " s201=" + sorted.getOrDefault(201, 0) + " s409="
        + sorted.getOrDefault(409, 0) + " other=" + other + " errors=" + errors.get() + " finished=" + finished);
    for (var e : sorted.entrySet()) out.append(" status_").append(e.getKey()).append('=').append(e.getValue());
    System.out.println(out);
  } finally {
    for (var s : sockets) {
      try { s.close(); } catch (IOException ignored) { }
    }
  }
}

/** Reads "HTTP/1.1 201 ..." and then the rest of the response until the server closes. */
static int readStatusThenDrain(InputStream in) throws IOException {
  var line = new ByteArrayOutputStream();
  for (int b; (b = in.read()) != '\n'; ) {
    if (b < 0) throw new IOException("connection closed before a status line");
    line.write(b);
  }
  var parts = line.toString(StandardCharsets.ISO_8859_1).split(" ");
  int status = Integer.parseInt(parts[1]);
  in.transferTo(OutputStreamNull.INSTANCE);
  return status;
}

static final class OutputStreamNull extends java.io.OutputStream {
  static final OutputStreamNull INSTANCE = new OutputStreamNull();
  @Override public void write(int b) { }
  @Override public void write(byte[] b, int off, int len) { }
}

/** PUT /api/v1/products/{PREFIX%05d} for 1..count, 32 in flight. */
void products(URI base, String prefix, int count, long stock) throws Exception {
  var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  var permits = new Semaphore(32);
  var statuses = new ConcurrentHashMap<Integer, AtomicInteger>();
  var errors = new AtomicInteger();
  var done = new CountDownLatch(count);
  long start = System.nanoTime();
  try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
    for (int i = 1; i <= count; i++) {
      var id = String.format("%s%05d", prefix, i);
      var body = "{\"name\":\"Bench product " + id + "\",\"merchant_id\":\"m" + (i % 50) + "\",\"price\":10.00,\"stock\":"
          + stock + "}";
      var request = HttpRequest.newBuilder(base.resolve("/api/v1/products/" + id))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .headers(AUTHORIZATION)
          .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
      permits.acquire();
      threads.execute(() -> {
        try {
          var response = client.send(request, HttpResponse.BodyHandlers.discarding());
          statuses.computeIfAbsent(response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
        } catch (Exception e) {
          errors.incrementAndGet();
        } finally {
          permits.release();
          done.countDown();
        }
      });
    }
    if (!done.await(DEADLINE_S * 5, TimeUnit.SECONDS)) {
      threads.shutdownNow();
    }
  }
  int ok = statuses.getOrDefault(201, new AtomicInteger()).get() + statuses.getOrDefault(200, new AtomicInteger()).get();
  var out = new StringBuilder("ok=" + ok + " errors=" + errors.get()
      + " ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  new TreeMap<>(statuses).forEach((k, v) -> out.append(" status_").append(k).append('=').append(v.get()));
  System.out.println(out);
  if (ok != count) System.exit(1);
}
