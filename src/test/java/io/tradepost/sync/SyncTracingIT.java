package io.tradepost.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tradepost.support.Http;
import io.tradepost.support.OnH2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A sync run continues the trace that started it: its upstream requests carry it as {@code traceparent}. */
@OnH2
class SyncTracingIT {

  static final Upstreams upstreams = new Upstreams();
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  @DynamicPropertySource
  static void upstream(DynamicPropertyRegistry registry) {
    upstreams.register(registry);
  }

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  Http http;
  final Logger synchronizerLog = (Logger) LoggerFactory.getLogger(Synchronizer.class);
  final ListAppender<ILoggingEvent> logged = new ListAppender<>() {
    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      super.append(event);
    }
  };

  @BeforeEach
  void setUp() {
    http = new Http(port);
    upstreams.reset();
    jdbc.sql("DELETE FROM sync_items").update();
    jdbc.sql("DELETE FROM sync_runs").update();
    logged.start();
    synchronizerLog.addAppender(logged);
  }

  @AfterEach
  void tearDown() {
    synchronizerLog.detachAppender(logged);
  }

  @Test
  void theUpstreamRequestsOfARunCarryTheCallersTraceId() {
    upstreams.posts(Upstreams.posts());

    var response = http.post("/api/v1/sync?source=jsonplaceholder", "",
        "traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01");

    assertThat(response.status).as(response.body).isEqualTo(200);
    var sent = upstreams.server.findAll(getRequestedFor(urlPathEqualTo("/posts")));
    assertThat(sent).singleElement().satisfies(request -> assertThat(request.getHeader("traceparent"))
        .matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
        .doesNotContain("b7ad6b7169203331")); // the run's own span, a child of the request's
    assertThat(logged.list).filteredOn(e -> e.getFormattedMessage().contains("of jsonplaceholder SUCCEEDED"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("traceId", TRACE_ID));
  }

  @Test
  void aRunStartedWithoutATraceStartsOneAndSendsIt() {
    upstreams.posts(Upstreams.posts());

    assertThat(http.post("/api/v1/sync?source=jsonplaceholder", "").status).isEqualTo(200);

    var sent = upstreams.server.findAll(getRequestedFor(urlPathEqualTo("/posts")));
    assertThat(sent).singleElement().satisfies(request -> assertThat(request.getHeader("traceparent"))
        .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")
        .doesNotContain(TRACE_ID));
  }
}
