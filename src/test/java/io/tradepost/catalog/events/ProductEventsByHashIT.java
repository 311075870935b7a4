package io.tradepost.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.support.Http;
import io.tradepost.support.OnPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** On PostgreSQL the audit trail is found through the product id's hash; two ids with one hash never mix. */
@OnPostgres
class ProductEventsByHashIT {

  @LocalServerPort
  int port;

  @Autowired
  JdbcClient jdbc;

  @Test
  void twoProductsWhoseIdsShareAHashKeepTheirOwnTrails() {
    var pair = jdbc.sql("""
            SELECT array_agg(id ORDER BY id) FROM (SELECT 'hash-' || g AS id FROM generate_series(1, 300000) g) ids
             GROUP BY hashtext(id) HAVING COUNT(*) > 1 LIMIT 1""")
        .query((rs, row) -> List.of((String[]) rs.getArray(1).getArray())).single();
    var http = new Http(port);

    var response = http.post("/api/v1/events/batch", "[{\"product_id\":\"" + pair.get(0) + "\",\"stock\":1},"
        + "{\"product_id\":\"" + pair.get(1) + "\",\"stock\":2},{\"product_id\":\"" + pair.get(0) + "\",\"stock\":3}]");
    assertThat(response.status).as(response.body).isEqualTo(202);

    assertThat(stocks(http, pair.get(0))).containsExactly(3L, 1L);
    assertThat(stocks(http, pair.get(1))).containsExactly(2L);
  }

  private static List<Long> stocks(Http http, String product) {
    var trail = http.get("/api/v1/products/" + product + "/events").json().get("data");
    var stocks = new ArrayList<Long>();
    trail.forEach(event -> stocks.add(event.get("stock").asLong()));
    return stocks;
  }
}
