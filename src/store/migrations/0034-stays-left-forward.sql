-- The funnel reads the stays that ended in a period once, for their median and for the count
-- and quantiles of those that ended by moving forward (the movers, migration 0023), instead of
-- reading the movers' partial index a second time (src/store/funnel-rows.ts): the stays index
-- carries left_forward so that the one read stays index-only.
drop index timeline_entries_stays;
create index timeline_entries_stays on timeline_entries (portal_id, model_id, stage, left_at)
  include (entered_at, contact_id, segment_values, left_forward) where left_at is not null;
