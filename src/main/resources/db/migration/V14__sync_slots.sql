-- A scheduled run records the schedule slot it belongs to (the slot's instant; NULL for runs started
-- on demand or at start-up). Its unique key lets one instance per slot insert the slot's run, whether
-- the others' ticks come early, late or after that run already finished: the database is the lock.
ALTER TABLE sync_runs ADD COLUMN slot_at ${ts};
CREATE UNIQUE INDEX sync_runs_one_per_slot ON sync_runs (source, slot_at);
