-- The rate limit HubSpot announces for each portal (X-HubSpot-RateLimit-Max and
-- -Interval-Milliseconds on every answer), shared by every process like api_budget.
-- Private apps also get a daily allowance (X-HubSpot-RateLimit-Daily, -Daily-Remaining).
create table api_limits (
  portal_id       text        not null primary key,
  max             integer     not null check (max > 0),
  interval_ms     integer     not null check (interval_ms > 0),
  daily_max       integer,
  daily_remaining integer,
  learned_at      timestamptz not null
);
