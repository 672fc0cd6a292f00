-- A stage write to HubSpot that a derivation has taken on and not finished: a concurrent
-- derivation of the same contact (the card's and the worker's, issue 12) that reaches the
-- same value leaves the write to it instead of sending it again. Rows live for the length of
-- one write; a claim older than a few seconds (its process died) no longer counts.
create table write_claims (
  portal_id  text        not null,
  contact_id text        not null,
  stage      text        not null,
  entered_at timestamptz not null,
  claimed_at timestamptz not null,
  primary key (portal_id, contact_id)
);
