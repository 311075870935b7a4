-- Settlement jobs plan their chunks by rows when they start (issue 20), and finished jobs' lines are
-- purged after the retention (issue 14).

-- The chunk plan ("8d 8d 2p 6d": days grouped, or one day in parts), set with total when the job
-- starts; NULL while it has not counted its range, so total is not known yet.
ALTER TABLE settlement_jobs ADD COLUMN plan VARCHAR(4000);
-- When the job's lines were deleted after the retention.
ALTER TABLE settlement_jobs ADD COLUMN purged_at ${ts};

-- A job that was RUNNING under the per-day plan starts over under a plan by rows: its lines go, and
-- it is QUEUED again (JobRunr still hands it to a worker, which counts and plans it); one asked to
-- stop is CANCELLED.
DELETE FROM settlement_lines WHERE job_id IN (SELECT id FROM settlement_jobs WHERE status = 'RUNNING');
UPDATE settlement_jobs SET status = 'CANCELLED', finished_at = started_at
WHERE status = 'RUNNING' AND cancel_requested = TRUE;
UPDATE settlement_jobs SET status = 'QUEUED', processed = 0, next_chunk = 0, runner_token = NULL, started_at = NULL
WHERE status = 'RUNNING';

ALTER TABLE settlement_jobs DROP COLUMN parts_per_day;
