-- The worker that holds a running job, as its presence lock (src/queue/sql/worker-presence.ts):
-- a session advisory lock the worker holds on a connection of its own for as long as it lives.
-- A running job whose worker's lock is gone (the process was killed, or its connection lost)
-- goes back to pending at the next reclaim, without waiting out its lease. Null for workers
-- that hold no such lock (PGlite lives in one process): the lease alone decides for them.
alter table jobs add column lock_key integer;
