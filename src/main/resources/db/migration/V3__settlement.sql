-- Settlement jobs and the per-merchant daily lines they produce. JobRunr keeps its own tables
-- (jobrunr_*) beside these; a job is a row here first, and the runner only carries it out.

CREATE TABLE settlement_jobs (
  id               VARCHAR(40)   NOT NULL PRIMARY KEY,
  status           VARCHAR(16)   NOT NULL,
  range_from       DATE          NOT NULL,
  range_to         DATE          NOT NULL,
  timezone         VARCHAR(64)   NOT NULL,
  total            BIGINT        NOT NULL,
  processed        BIGINT        NOT NULL DEFAULT 0,
  parts_per_day    INT           NOT NULL,
  next_chunk       INT           NOT NULL DEFAULT 0,
  cancel_requested BOOLEAN       NOT NULL DEFAULT FALSE,
  runner_token     CHAR(36),
  error            VARCHAR(1000),
  -- Also the job's cut-off: a range that reaches past it settles only what happened before it.
  created_at       ${ts}         NOT NULL,
  started_at       ${ts},
  finished_at      ${ts}
);
CREATE INDEX settlement_jobs_by_created ON settlement_jobs (created_at);
CREATE INDEX settlement_jobs_by_status ON settlement_jobs (status, created_at);

-- One row per job, day, merchant and part of the day (part 0 unless a day was split); the CSV sums
-- the parts. A chunk replaces its own rows, so a resumed job never counts a transaction twice.
CREATE TABLE settlement_lines (
  job_id          VARCHAR(40) NOT NULL,
  settlement_date DATE        NOT NULL,
  part            INT         NOT NULL,
  merchant_id     VARCHAR(64) NOT NULL,
  gross           BIGINT      NOT NULL,
  fee             BIGINT      NOT NULL,
  net             BIGINT      NOT NULL,
  txn_count       BIGINT      NOT NULL,
  transactions    BIGINT      NOT NULL,
  PRIMARY KEY (job_id, settlement_date, part, merchant_id)
);
