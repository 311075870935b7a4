-- What the service does for one order on product 'hot', as raw SQL: guarded stock update, the order,
-- its ledger sale (same columns as OrderRepository.insertAll / Ledger.recordSales), one transaction.
\set n random(1, 999999999999999)
BEGIN;
UPDATE products SET stock = stock - 1, version = version + 1, updated_at = now() WHERE id = 'hot' AND stock >= 1;
INSERT INTO orders (id, product_id, merchant_id, buyer_id, quantity, unit_price, total_cents, status, created_at, updated_at)
  VALUES ('pgb' || lpad(:client_id::text, 3, '0') || '-' || lpad(:n::text, 29, '0'), 'hot', 'm1', 'pgbench', 1, 1000, 1000, 'CONFIRMED', now(), now());
INSERT INTO ledger_transactions (order_id, merchant_id, kind, amount, fee, occurred_at)
  VALUES ('pgb' || lpad(:client_id::text, 3, '0') || '-' || lpad(:n::text, 29, '0'), 'm1', 'SALE', 1000, 59, now());
COMMIT;
