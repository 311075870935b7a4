package io.tradepost.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccessLogTest {

  private final AccessLines captured = AccessLines.capture();

  @AfterEach
  void release() {
    captured.close();
  }

  @Test
  void aLineIsWrittenSoonWithItsRequestIdAndTraceId() throws Exception {
    try (var log = new AccessLog(100)) {
      log.add(new AccessLog.Line("req-1", "4bf92f3577b34da6a3ce929d0e0e4736", "GET", "/api/v1/products/p1?x=1", 200, 3));
      await().atMost(Duration.ofSeconds(2)).until(() -> captured.lines().size() == 1);
      var line = captured.lines().get(0);
      assertThat(line.getFormattedMessage()).isEqualTo("GET /api/v1/products/p1?x=1 200 3ms");
      assertThat(line.getMDCPropertyMap()).containsEntry(RequestLog.MDC_KEY, "req-1")
          .containsEntry(RequestLog.TRACE_MDC_KEY, "4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(line.getThreadName()).isEqualTo("access-log");
    }
  }

  @Test
  void closingWritesEveryQueuedLineInOrder() throws Exception {
    var log = new AccessLog(100_000);
    IntStream.range(0, 5_000).forEach(i -> log.add(new AccessLog.Line("req-" + i, "4bf92f3577b34da6a3ce929d0e0e4736", "POST", "/orders", 201, 1)));
    log.close();
    assertThat(captured.lines()).extracting(line -> line.getMDCPropertyMap().get(RequestLog.MDC_KEY))
        .containsExactlyElementsOf(IntStream.range(0, 5_000).mapToObj(i -> "req-" + i).toList());
  }

  @Test
  void whenTheQueueIsFullTheRequestWritesItsOwnLine() throws Exception {
    try (var log = new AccessLog(0)) {
      log.add(new AccessLog.Line("req-full", "4bf92f3577b34da6a3ce929d0e0e4736", "GET", "/health", 200, 0));
      assertThat(captured.lines()).singleElement()
          .satisfies(line -> assertThat(line.getThreadName()).isEqualTo(Thread.currentThread().getName()));
    }
  }

  @Test
  void afterClosingLinesAreStillWritten() throws Exception {
    var log = new AccessLog(100);
    log.close();
    log.add(new AccessLog.Line("req-late", "4bf92f3577b34da6a3ce929d0e0e4736", "GET", "/health", 200, 0));
    assertThat(captured.lines()).singleElement()
        .satisfies(line -> assertThat(line.getMDCPropertyMap()).containsEntry(RequestLog.MDC_KEY, "req-late"));
  }
}
