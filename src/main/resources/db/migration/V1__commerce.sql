-- Column types that differ between H2, PostgreSQL and MariaDB come from placeholders set by
-- io.tradepost.platform.SqlDialect: ${ts} (UTC timestamp, microseconds), ${identity}, ${text}.

CREATE TABLE products (
  id             VARCHAR(64)  NOT NULL PRIMARY KEY,
  name           VARCHAR(255),
  merchant_id    VARCHAR(64),
  price          BIGINT       NOT NULL DEFAULT 0,
  stock          BIGINT       NOT NULL DEFAULT 0,
  version        BIGINT       NOT NULL DEFAULT 0,
  last_event_seq BIGINT       NOT NULL DEFAULT 0,
  created_at     ${ts}        NOT NULL,
  updated_at     ${ts}        NOT NULL,
  CONSTRAINT products_stock_never_negative CHECK (stock >= 0),
  CONSTRAINT products_price_never_negative CHECK (price >= 0)
);

CREATE TABLE orders (
  id          CHAR(36)    NOT NULL PRIMARY KEY,
  product_id  VARCHAR(64) NOT NULL,
  merchant_id VARCHAR(64) NOT NULL,
  buyer_id    VARCHAR(64) NOT NULL,
  quantity    INT         NOT NULL,
  unit_price  BIGINT      NOT NULL,
  total_cents BIGINT      NOT NULL,
  status      VARCHAR(16) NOT NULL,
  created_at  ${ts}       NOT NULL,
  updated_at  ${ts}       NOT NULL,
  CONSTRAINT orders_quantity_positive CHECK (quantity > 0)
);
-- Status report over a window: range on created_at, the rest read from the index.
CREATE INDEX orders_by_created ON orders (created_at, status, total_cents);
-- Top customers: grouped by buyer without touching the table.
CREATE INDEX orders_by_buyer ON orders (buyer_id, status, total_cents);
CREATE INDEX orders_by_status ON orders (status, created_at);

CREATE TABLE idempotency_keys (
  client_id       VARCHAR(64)  NOT NULL,
  idem_key        VARCHAR(255) NOT NULL,
  request_hash    CHAR(64)     NOT NULL,
  response_status INT,
  response_body   ${text},
  created_at      ${ts}        NOT NULL,
  PRIMARY KEY (client_id, idem_key)
);
CREATE INDEX idempotency_keys_by_created ON idempotency_keys (created_at);

-- Append-only: the application never updates or deletes a row.
CREATE TABLE ledger_transactions (
  id          ${identity} PRIMARY KEY,
  order_id    CHAR(36),
  merchant_id VARCHAR(64) NOT NULL,
  kind        VARCHAR(8)  NOT NULL,
  amount      BIGINT      NOT NULL,
  fee         BIGINT      NOT NULL,
  occurred_at ${ts}       NOT NULL
);
-- Settlement aggregates a time range per merchant from the index alone.
CREATE INDEX ledger_by_occurred ON ledger_transactions (occurred_at, merchant_id, amount, fee);
