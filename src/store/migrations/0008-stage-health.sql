-- docs/health.md: the furthest stage reached and the health of the current stay,
-- each kept next to what we last wrote to HubSpot (written on change only, like the stage).
alter table contacts
  add column highest_stage          text,
  add column highest_entered_at     timestamptz,
  add column written_highest_stage  text,
  add column health                 text check (health in ('on_track', 'behind', 'stuck')),
  add column written_health         text,
  -- when health next changes with time alone (p75 or p90 crossed): a timed job is due then
  add column health_changes_at      timestamptz;

-- Per portal, model and stage: Kaplan–Meier quantiles of days in the stage over the stays
-- that began in the last 365 days (ongoing ones censored). basis: the stays counted.
create table stage_dwell (
  portal_id   text        not null,
  model_id    text        not null,
  stage       text        not null,
  p50_days    double precision,
  p75_days    double precision,
  p90_days    double precision,
  basis       integer     not null,
  computed_at timestamptz not null,
  primary key (portal_id, model_id, stage)
);
