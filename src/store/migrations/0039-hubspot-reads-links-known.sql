-- A contact job that found a new contact's deal links complete in its events (nothing of the
-- contact stored yet: docs/decisions/0001-skip-association-read-when-links-known.md) notes it
-- here before it stores anything. Its retry, after a kill between two batches, finds the stage
-- and timeline it stored itself; with this note they are no reason to read associations again.
-- Gone with the contact's kept read once a job marks its events processed.
alter table hubspot_reads add column links_known_at timestamptz;
