-- When each portal last had jobs claimed: the queue serves the portal waiting longest, so a
-- portal with a huge backlog (a backfill, an import) cannot starve the others.
create table portal_turns (
  portal_id       text        not null,
  last_claimed_at timestamptz not null,
  primary key (portal_id)
);
-- Due jobs per portal, for picking the next portal without scanning every job.
create index jobs_ready_by_portal on jobs (portal_id, run_at) where state = 'pending';
