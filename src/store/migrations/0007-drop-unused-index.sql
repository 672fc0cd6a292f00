-- The funnel reads timeline_entries through 0004's covering indexes; this one from 0002 only
-- cost writes.
drop index if exists timeline_entries_period;
