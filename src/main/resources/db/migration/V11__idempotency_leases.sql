-- Orders (module io.tradepost.orders). Placeholders from io.tradepost.platform.SqlDialect.

-- An Idempotency-Key in flight is leased by the attempt that claimed it: holder names the attempt,
-- renewed_at is when its instance last renewed the lease. Only a lease left unrenewed may be taken
-- over, and an attempt stores its response only while holder is still its own. Rows claimed before
-- this migration have neither and count as renewed at created_at, so no table rewrite is needed.
ALTER TABLE idempotency_keys ADD COLUMN holder CHAR(36);
ALTER TABLE idempotency_keys ADD COLUMN renewed_at ${ts};
