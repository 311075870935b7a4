-- Security (module io.tradepost.security, issue 15). Placeholders from io.tradepost.platform.SqlDialect.

-- API keys. The secret is never stored: secret_hash is SHA-256 of it (HMAC-SHA256 with the server's
-- pepper when one is set), hex. rate is "N/s", "N/m" or "N/h" (NULL: the default rate), burst the
-- bucket's size (NULL: one period's worth). A key that was ever created keeps its row: revoking sets
-- revoked_at, so protected mode does not reopen when the last key is revoked.
CREATE TABLE api_keys (
  id           VARCHAR(16)  NOT NULL PRIMARY KEY,
  name         VARCHAR(100) NOT NULL,
  secret_hash  CHAR(64)     NOT NULL,
  scopes       VARCHAR(500) NOT NULL,
  rate         VARCHAR(32),
  burst        INT,
  created_at   ${ts}        NOT NULL,
  expires_at   ${ts},
  revoked_at   ${ts},
  last_used_at ${ts}
);

-- Who changed what: one row per acknowledged write, written off the request path in groups.
CREATE TABLE audit_events (
  id          ${identity} PRIMARY KEY,
  at          ${ts}        NOT NULL,
  key_id      VARCHAR(16)  NOT NULL,
  address     VARCHAR(64)  NOT NULL,
  method      VARCHAR(10)  NOT NULL,
  route       VARCHAR(200) NOT NULL,
  resource_id VARCHAR(255),
  status      INT          NOT NULL
);
CREATE INDEX audit_events_by_at ON audit_events (at);
CREATE INDEX audit_events_by_key ON audit_events (key_id, at);
