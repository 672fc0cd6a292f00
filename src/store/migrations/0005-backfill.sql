-- One row per portal backfill: progress for logs, metrics and GET /api/backfill.
create table backfills (
  portal_id   text        not null,
  started_at  timestamptz not null,
  finished_at timestamptz,
  total       integer,               -- contacts HubSpot counted at the start (search API)
  done        integer     not null default 0,
  cursor      text,                  -- the list API's `after` of the next page
  primary key (portal_id)
);
