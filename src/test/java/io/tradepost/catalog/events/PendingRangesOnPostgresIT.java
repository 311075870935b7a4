package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.Http;
import io.tradepost.support.OnPostgres;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A small {@code max-batch} holds on PostgreSQL for a small batch request too (stored by one statement):
 * its events are listed as pending in ranges an applier can take within its batch.
 */
@OnPostgres
@TestPropertySource(properties = {"tradepost.events.max-batch=5", "tradepost.events.appliers=0"})
class PendingRangesOnPostgresIT {

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Test
  void aSmallBatchIsListedInRangesOfAtMostMaxBatch() {
    var product = "ranges-" + UUID.randomUUID();
    var batch = IntStream.range(0, 20)
        .mapToObj(i -> "{\"product_id\":\"" + product + "\",\"stock\":" + i + "}")
        .collect(Collectors.joining(",", "[", "]"));

    var response = new Http(port).post("/api/v1/events/batch", batch);
    assertThat(response.status).as(response.body).isEqualTo(202);

    var ranges = jdbc.sql("""
            SELECT p.last_seq - p.first_seq + 1 FROM product_events_pending p
             WHERE EXISTS (SELECT 1 FROM product_events e
                            WHERE e.product_id = ? AND e.seq BETWEEN p.first_seq AND p.last_seq)""")
        .param(product).query(Long.class).list();
    assertThat(ranges).containsExactly(5L, 5L, 5L, 5L);
  }
}
