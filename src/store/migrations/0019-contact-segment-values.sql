-- Issue 16: the funnel of a segment (GET /api/journey/funnel?segment=PROPERTY) counts each
-- stay in the value the contact had when the stay began, so a segment change is a stored fact
-- with its date. One row per value a segment property (src/engine/required-properties.ts
-- segmentProperties) took: in force from `since` until the next row's `since`. `since` is
-- '-infinity' for the first value the sync saw when it knows no change date (the value it had
-- before is unknown: HubSpot sends no history with the reads the sync makes). Written by
-- src/sync/record-segment-values.ts; erased with the contact (privacy deletion, merges).
create table contact_segment_values (
  portal_id  text        not null,
  contact_id text        not null,
  property   text        not null,
  value      text        not null, -- '' = no value
  since      timestamptz not null,
  primary key (portal_id, contact_id, property, since)
);
-- The segment funnel reads one property's values for a whole portal in (contact, since) order
-- (compute-funnel.ts RANGES): an index-only scan of that property's rows alone, already sorted
-- for its window (the primary key would read every segment property of the portal).
create index contact_segment_values_by_property on contact_segment_values (portal_id, property, contact_id, since)
  include (value);
