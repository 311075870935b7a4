package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.Http;
import io.tradepost.support.RequiresDatabase;
import io.tradepost.support.TestDatabase;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A flood of batches is taken in first, yet applied while it lasts; a flood that fills the backlog is
 * applied while it lasts too, and never locked out. On H2 databases of their own: the applications other test classes leave
 * running share the usual test database, and their appliers (another "instance", not flooded) would
 * apply this flood's events.
 */
@RequiresDatabase(TestDatabase.H2)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {
    "tradepost.db.url=jdbc:h2:mem:flood;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
    "tradepost.events.batch-writers=1", "tradepost.events.appliers=1", "tradepost.events.max-batch=100",
    "tradepost.events.backlog-refresh=100ms"})
class EventFloodIT {

  @LocalServerPort
  int port;

  @Test
  void aFloodOfBatchesIsTakenInFirstYetNeverHoldsBackApplyingForLong() {
    var http = new Http(port);
    var marker = id();
    try (var flood = new Flood(http)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> flood.accepted() >= 20);
      assertThat(http.post("/api/v1/events/batch", "[" + event(marker, 7) + "]").status).isEqualTo(202);

      await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
          .until(() -> http.get("/api/v1/products/" + marker).status == 404);
      // The appliers stand back at most a second at a time, so the flood's events, the marker's among
      // them, are applied while it goes on.
      await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/v1/products/" + marker).status == 200);
      int before = flood.accepted();
      await().atMost(Duration.ofSeconds(30)).until(() -> flood.accepted() > before);
    }
    assertThat(http.get("/api/v1/products/" + marker).json().get("stock").asLong()).isEqualTo(7);
  }

  @Nested
  @TestPropertySource(properties = {
      "tradepost.db.url=jdbc:h2:mem:flood-limit;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
      "tradepost.events.backlog-limit=2000"})
  class WithASmallBacklogLimit {

    @Test
    void aLongFloodIsAppliedWhileItLastsAndKeepsBeingAccepted() {
      var http = new Http(port);
      var marker = id();
      try (var flood = new Flood(http)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> flood.accepted() >= 20);
        await().atMost(Duration.ofSeconds(20)).until(() ->
            http.post("/api/v1/events/batch", "[" + event(marker, 7) + "]").status == 202);

        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/products/" + marker).status == 200);
        // Still accepted: applying makes room again (bounded generously: the whole suite shares the cores).
        int before = flood.accepted();
        await().atMost(Duration.ofSeconds(30)).until(() -> flood.accepted() > before);
      }
    }
  }

  /** Eight clients sending batches of 100 events back to back, until closed; counts the 202s. */
  static final class Flood implements AutoCloseable {
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ExecutorService senders = Executors.newFixedThreadPool(8);
    private volatile boolean on = true;

    Flood(Http http) {
      var filler = id();
      var body = IntStream.range(0, 100).mapToObj(i -> event(filler + "-" + (i % 50), i))
          .collect(Collectors.joining(",", "[", "]"));
      for (int i = 0; i < 8; i++) {
        senders.submit(() -> {
          try {
            while (on) {
              try {
                if (http.post("/api/v1/events/batch", body).status == 202) {
                  accepted.incrementAndGet();
                }
              } catch (IllegalStateException connectionFailed) {
                // A connection lost under load: a flooding client sends again, like any other would.
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e); // a sender that died would look like a flood no longer accepted
          }
        });
      }
    }

    /** 202s so far; fails the test with the first sender's failure, if one died. */
    int accepted() {
      if (failure.get() != null) {
        throw new AssertionError("A flood sender failed", failure.get());
      }
      return accepted.get();
    }

    @Override
    public void close() {
      on = false;
      senders.shutdown();
      try {
        assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String event(String product, long stock) {
    return "{\"product_id\":\"" + product + "\",\"stock\":" + stock + "}";
  }

  private static String id() {
    return "flood-" + UUID.randomUUID();
  }
}
