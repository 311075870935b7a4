-- The durable inbox of product-update events. A 202 is answered only after the event's row committed.
CREATE TABLE product_events (
  seq         BIGINT       NOT NULL PRIMARY KEY,
  product_id  VARCHAR(64)  NOT NULL,
  event_id    VARCHAR(128),
  name        VARCHAR(255),
  merchant_id VARCHAR(64),
  price       BIGINT,
  stock       BIGINT,
  received_at ${ts}        NOT NULL,
  applied_at  ${ts}
);
-- A repeated event_id is accepted once (NULLs do not collide on any of the three databases).
CREATE UNIQUE INDEX product_events_by_event_id ON product_events (event_id);
CREATE INDEX product_events_by_product ON product_events (product_id, seq);
CREATE INDEX product_events_by_applied ON product_events (applied_at, seq);

-- Sequence numbers are handed out in blocks from this one row, the same way on every database.
CREATE TABLE product_event_sequence (
  id       INT    NOT NULL PRIMARY KEY,
  last_seq BIGINT NOT NULL
);
INSERT INTO product_event_sequence (id, last_seq) VALUES (1, 0);

-- Each field remembers the sequence of the event that last set it: an event only overwrites
-- what an older event wrote, so appliers may run in any order, in any number, on any instance.
ALTER TABLE products ADD COLUMN name_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN merchant_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN price_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN stock_seq BIGINT NOT NULL DEFAULT 0;
