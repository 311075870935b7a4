-- External sync (module io.tradepost.sync). Placeholders from io.tradepost.platform.SqlDialect.

-- One row per record of any source; attributes holds the source-specific fields as JSON text.
CREATE TABLE sync_items (
  id           ${identity} PRIMARY KEY,
  source       VARCHAR(32)  NOT NULL,
  external_id  VARCHAR(128) NOT NULL,
  title        VARCHAR(500) NOT NULL,
  body         ${text},
  attributes   ${text}      NOT NULL,
  content_hash CHAR(64)     NOT NULL,
  created_at   ${ts}        NOT NULL,
  updated_at   ${ts}        NOT NULL,
  removed_at   ${ts},
  CONSTRAINT sync_items_source_external_id UNIQUE (source, external_id)
);
CREATE INDEX sync_items_by_source ON sync_items (source, removed_at, id);

-- Every run is a row. running_source equals source while the run is RUNNING and is NULL afterwards:
-- its unique key is the lock that keeps one run per source at a time across all instances.
CREATE TABLE sync_runs (
  id             ${identity} PRIMARY KEY,
  source         VARCHAR(32)  NOT NULL,
  run_trigger    VARCHAR(16)  NOT NULL,
  status         VARCHAR(16)  NOT NULL,
  running_source VARCHAR(32),
  started_at     ${ts}        NOT NULL,
  finished_at    ${ts},
  heartbeat_at   ${ts}        NOT NULL,
  pages          INT          NOT NULL DEFAULT 0,
  fetched        INT          NOT NULL DEFAULT 0,
  created        INT          NOT NULL DEFAULT 0,
  updated        INT          NOT NULL DEFAULT 0,
  unchanged      INT          NOT NULL DEFAULT 0,
  removed        INT          NOT NULL DEFAULT 0,
  rejected       INT          NOT NULL DEFAULT 0,
  attempts       INT          NOT NULL DEFAULT 0,
  error          VARCHAR(1000),
  CONSTRAINT sync_runs_one_running_per_source UNIQUE (running_source)
);
CREATE INDEX sync_runs_by_source ON sync_runs (source, started_at);
CREATE INDEX sync_runs_by_status ON sync_runs (status, heartbeat_at);

-- Records that failed validation, set aside with the reason instead of failing the run.
CREATE TABLE sync_rejects (
  id          ${identity} PRIMARY KEY,
  run_id      BIGINT       NOT NULL,
  source      VARCHAR(32)  NOT NULL,
  external_id VARCHAR(128),
  reason      VARCHAR(500) NOT NULL,
  raw_record  ${text}      NOT NULL,
  rejected_at ${ts}        NOT NULL
);
CREATE INDEX sync_rejects_by_run ON sync_rejects (run_id);

-- ShedLock's table for the cluster-wide schedule (one instance starts each scheduled run).
CREATE TABLE sync_shedlock (
  name       VARCHAR(64)  NOT NULL PRIMARY KEY,
  lock_until ${ts}        NOT NULL,
  locked_at  ${ts}        NOT NULL,
  locked_by  VARCHAR(255) NOT NULL
);
