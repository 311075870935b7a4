import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends product events at a steady rate for a bounded time: every 10 ms one batch of rate/100
 * events to POST /api/v1/events/batch. Prints "accepted=N refused=N errors=N".
 * Usage: java EventPacer.java BASE_URL EVENTS_PER_SECOND SECONDS PRODUCTS
 */
public class EventPacer {
  /** With BENCH_KEYS=1 (lib/service.sh) every request carries the run's API key. */
  static final String API_KEY = System.getenv("BENCH_API_KEY");
  static final String[] AUTHORIZATION = API_KEY == null ? new String[] {"X-Bench", "1"} : new String[] {"Authorization", "Bearer " + API_KEY};

  public static void main(String[] args) throws Exception {
    var base = args[0];
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int products = Integer.parseInt(args[3]);
    int perTick = Math.max(1, rate / 100);
    var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var accepted = new AtomicLong();
    var refused = new AtomicLong();
    var errors = new AtomicLong();
    var random = new Random(1);
    var ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(() -> {
      var body = new StringBuilder("[");
      for (int i = 0; i < perTick; i++) {
        body.append(i == 0 ? "" : ",").append(String.format("{\"product_id\":\"ev%05d\",\"stock\":%d}",
            1 + random.nextInt(products), random.nextInt(10_000)));
      }
      var request = HttpRequest.newBuilder(URI.create(base + "/api/v1/events/batch"))
          .header("Content-Type", "application/json").headers(AUTHORIZATION).timeout(Duration.ofSeconds(10))
          .POST(HttpRequest.BodyPublishers.ofString(body.append("]").toString())).build();
      client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
        if (failure != null) {
          errors.incrementAndGet();
        } else if (response.statusCode() == 202) {
          accepted.addAndGet(perTick);
        } else {
          refused.addAndGet(perTick);
        }
      });
    }, 0, 10, TimeUnit.MILLISECONDS);
    ticker.awaitTermination(seconds, TimeUnit.SECONDS);
    ticker.shutdownNow();
    Thread.sleep(2_000); // let the last responses arrive; this is a load generator, not a test
    System.out.printf("accepted=%d refused=%d errors=%d%n", accepted.get(), refused.get(), errors.get());
  }
}
