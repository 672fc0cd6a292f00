-- Issue 16: the funnel's segments answer each value with its label (`persona_1` → the persona's
-- name), from the property's options (GET /crm/properties/2026-03/contacts/{name}). Read at
-- provisioning and again when a day old (src/sync/remember-segment-labels.ts), never while a
-- request waits. Per portal: a portal names its own personas. No contact data.
create table segment_option_labels (
  portal_id text        not null,
  property  text        not null,
  options   jsonb       not null, -- [{ "value", "label" }], [] when the portal has no such property
  read_at   timestamptz not null,
  primary key (portal_id, property)
);
