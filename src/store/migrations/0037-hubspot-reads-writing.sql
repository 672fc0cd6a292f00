-- A contact's kept read (0035) while a batch update of that contact is in flight: HubSpot may
-- apply the update although the job dies before recording it, so its retry reads the contact
-- again (and finds the stage already there) instead of reusing what it read before the write
-- and sending the same values twice (docs/performance.md, "Reads a retry reuses").
alter table hubspot_reads add column writing_since timestamptz;
