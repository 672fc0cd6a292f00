-- Contacts and deals as a contact job read them from HubSpot (src/sync/read-evidence.ts), kept
-- from the read until that job finishes: a retry after a crash, a kill or a failed write reuses
-- a read that nothing has changed since instead of paying for it again (docs/performance.md,
-- "Reads a retry reuses"). A contact's row is personal data: the erasure deletes it, and rows
-- a job never finished are pruned daily.
create table hubspot_reads (
  portal_id   text        not null,
  object_type text        not null check (object_type in ('contact', 'deal')),
  object_id   text        not null,
  record      jsonb       not null,
  read_at     timestamptz not null,
  primary key (portal_id, object_type, object_id)
);
