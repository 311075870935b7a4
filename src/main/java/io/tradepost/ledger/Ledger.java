package io.tradepost.ledger;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.MultiRowInsert;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only record of money moved: a sale per confirmed order, a refund (negative amount, no
 * fee) per cancellation. Rows are only ever inserted, in the transaction of the order that caused them.
 */
@Repository
public class Ledger {

  private static final MultiRowInsert INSERT = new MultiRowInsert("ledger_transactions",
      "order_id", "merchant_id", "kind", "amount", "fee", "occurred_at");

  private final JdbcClient jdbc;
  private final FeePolicy fees;

  Ledger(JdbcClient jdbc, FeePolicy fees) {
    this.jdbc = jdbc;
    this.fees = fees;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void recordSales(List<Sale> sales) {
    INSERT.insert(jdbc, sales.stream()
        .map(s -> new Object[] {s.orderId(), s.merchantId(), "SALE", s.amount(), fees.feeFor(s.amount()),
            DbTime.toDb(s.at())})
        .toList());
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void recordRefund(String orderId, String merchantId, long amount, Instant at) {
    INSERT.insert(jdbc, List.<Object[]>of(new Object[] {orderId, merchantId, "REFUND", -amount, 0L, DbTime.toDb(at)}));
  }

  /** A sale of {@code amount} minor units for the merchant, caused by an order. */
  public record Sale(String orderId, String merchantId, long amount, Instant at) {}
}
