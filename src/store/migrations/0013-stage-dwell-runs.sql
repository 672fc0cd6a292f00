-- When a portal's dwell quantiles (stage_dwell) were last computed and on how many stays, and
-- how many timeline entries were appended since: each batch of derivations adds to
-- appended_since (one row update), and the quantiles are recomputed at once when it reaches
-- a tenth of stays (docs/health.md), without counting the portal's timelines again.
create table stage_dwell_runs (
  portal_id      text        not null,
  model_id       text        not null,
  stays          integer     not null,
  appended_since integer     not null default 0,
  computed_at    timestamptz not null,
  primary key (portal_id, model_id)
);

-- A rep's snooze of a contact's health flag: until when, and why (shown on the card).
create table health_snoozes (
  portal_id   text        not null,
  contact_id  text        not null,
  until_at    timestamptz not null,
  reason      text        not null,
  snoozed_by  text,                   -- the HubSpot user id hubspot.fetch vouched for, when given
  created_at  timestamptz not null,
  primary key (portal_id, contact_id)
);
