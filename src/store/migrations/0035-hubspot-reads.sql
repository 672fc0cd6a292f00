-- Contacts and deals as a contact job read them from HubSpot (src/sync/read-evidence.ts), kept
-- from the read until that job finishes: a retry after a crash, a kill or a failed write reuses
-- a read that nothing has changed since instead of paying for it again (docs/performance.md,
-- "Reads a retry reuses"). changed_at: the latest receipt of an event of the object that was
-- processed (a read made before it no longer holds, whichever was stored first); a row holding
-- only that is kept after its read is forgotten. A contact's row is personal data: the erasure
-- deletes it; rows are pruned daily.
create table hubspot_reads (
  portal_id   text        not null,
  object_type text        not null check (object_type in ('contact', 'deal')),
  object_id   text        not null,
  record      jsonb,
  read_at     timestamptz,
  changed_at  timestamptz,
  primary key (portal_id, object_type, object_id),
  check ((record is null) = (read_at is null))
);
