-- A claim takes one portal's due jobs of one task, oldest first (src/queue/sql/claim.ts). With
-- only (portal_id, run_at) to go by, taking a burst's three webhook requests walked past its
-- 20,000 pending contact jobs; with this index the claim reads the jobs it takes and stops.
-- The queue is small when idle, so the build's lock on it is short.
create index jobs_pending_by_task on jobs (portal_id, task, run_at, id) where state = 'pending';
