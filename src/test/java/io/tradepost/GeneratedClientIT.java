package io.tradepost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradepost.support.OnH2;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tradepost.client.ApiClient;
import tradepost.client.api.AnalyticsApi;
import tradepost.client.api.CatalogApi;
import tradepost.client.api.OrdersApi;
import tradepost.client.api.SettlementApi;
import tradepost.client.model.EventBody;
import tradepost.client.model.EventBodyProductId;
import tradepost.client.model.OrderReportsCustomerLine;
import tradepost.client.model.PlaceOrderBody;
import tradepost.client.model.PlaceOrderBodyProductId;
import tradepost.client.model.PutProductBody;
import tradepost.client.model.SettlementJobView;
import tradepost.client.model.SettlementRangeBody;

/**
 * An integrator's view: a client generated at build time from the committed openapi.yaml
 * (openapi-generator, {@code tradepost.client}) does the everyday jobs against the running service.
 */
@OnH2
class GeneratedClientIT {

  @LocalServerPort
  int port;

  CatalogApi catalog;
  OrdersApi orders;
  SettlementApi settlement;
  AnalyticsApi analytics;

  @BeforeEach
  void connect() {
    var client = new ApiClient().setScheme("http").setHost("127.0.0.1").setPort(port);
    catalog = new CatalogApi(client);
    orders = new OrdersApi(client);
    settlement = new SettlementApi(client);
    analytics = new AnalyticsApi(client);
  }

  @Test
  void aGeneratedClientSellsSettlesAndReports() throws Exception {
    var product = "gc-" + UUID.randomUUID();
    var merchant = "MERCH-" + UUID.randomUUID().toString().substring(0, 8);
    var buyer = "CUST-" + UUID.randomUUID().toString().substring(0, 8);
    catalog.catalogPut(product, new PutProductBody().name("Wireless Mouse").merchantId(merchant)
        .price(new BigDecimal("49.99")).stock(10L), null);

    var order = new PlaceOrderBody().productId(new PlaceOrderBodyProductId(product)).quantity(2L).buyerId(buyer);
    var key = "gc-" + UUID.randomUUID();
    var placed = orders.ordersPlace(order, key, null, null);
    var replayed = orders.ordersPlaceWithHttpInfo(order, key, null, null);
    assertThat(placed.getStatus()).hasToString("CONFIRMED");
    assertThat(placed.getTotal()).isEqualByComparingTo("99.98");
    assertThat(replayed.getData().getId()).isEqualTo(placed.getId());
    assertThat(replayed.getHeaders().get("idempotent-replayed")).containsExactly("true");

    var event = catalog.catalogAccept(new EventBody().productId(new EventBodyProductId(product)).stock(20L), null);
    assertThat(event.getSequence()).isPositive();
    var batch = catalog.catalogAcceptBatch(List.of(
        new EventBody().productId(new EventBodyProductId(product)).price(new BigDecimal("45.00")),
        new EventBody().productId(new EventBodyProductId(product)).name("Wireless Mouse 2")), null);
    assertThat(batch.getAccepted()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(catalog.catalogGet(product, null).getName()).isEqualTo("Wireless Mouse 2"));

    var today = LocalDate.now(ZoneOffset.UTC);
    var job = settlement.settlementSubmit(new SettlementRangeBody().from(today).to(today), null);
    await().atMost(Duration.ofSeconds(60)).until(() ->
        settlement.settlementGet(job.getJobId(), null).getStatus() == SettlementJobView.StatusEnum.COMPLETED);
    var report = settlement.settlementDownload(job.getJobId() + ".csv", null);
    var csv = java.nio.file.Files.readString(report.toPath());
    assertThat(csv).startsWith("merchant_id,date,gross,fee,net,txn_count").contains(merchant + "," + today + ",99.98,");

    var customers = analytics.analyticsTopCustomers(100, null).getData();
    assertThat(customers).filteredOn(c -> buyer.equals(c.getCustomerId()))
        .singleElement()
        .satisfies(c -> assertThat(c.getTotalSpend()).isEqualByComparingTo("99.98"))
        .extracting(OrderReportsCustomerLine::getOrderCount).isEqualTo(1L);
  }
}
