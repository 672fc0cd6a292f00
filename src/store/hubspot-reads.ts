import type { Queryable } from './db.ts';

/**
 * Table `hubspot_reads`: what a contact job read from HubSpot, from the read until the job
 * finishes, so its retry does not pay for a read nothing has changed since
 * (docs/performance.md, "Reads a retry reuses"). A read is good while nothing newer could be in
 * HubSpot: no event of the object, pending or processed, was received since the read (with a
 * margin for the clocks of other processes), the caller's own reason to read is older than the
 * read, and the read is recent. Processed events leave their receipt time on the object's row
 * (markChanged) whether the read is stored before or after: a read that waited for rate budget
 * can be stored after a deal job processed an event received while it was under way.
 */
export type ReadKind = 'contact' | 'deal';
/** A record as HubSpot's batch read returns it (the fields the sync keeps). */
export type ReadRecord = { id: string; properties: Record<string, string | null> };

/** Stores the records read by one call, started at `readAt`; a newer read of a record is kept over an older one. */
export async function rememberReads(
  db: Queryable,
  portalId: string,
  kind: ReadKind,
  records: ReadRecord[],
  readAt: Date,
): Promise<void> {
  if (records.length === 0) return;
  await db.query(
    `insert into hubspot_reads (portal_id, object_type, object_id, record, read_at)
     select $1, $2, x.id, x.record, $4 from jsonb_to_recordset($3::jsonb) as x(id text, record jsonb)
     on conflict (portal_id, object_type, object_id) do update
       set record = excluded.record, read_at = excluded.read_at
       where hubspot_reads.read_at is null or hubspot_reads.read_at <= excluded.read_at`,
    [portalId, kind, JSON.stringify(records.map((r) => ({ id: r.id, record: r }))), readAt.toISOString()],
  );
}

/**
 * The stored reads of `ids` that are still good: read at or after `notBefore` (the oldest read
 * worth reusing), after the object's own `since` when the caller gives one (a reason to read
 * that no event carries), and with no event of the object, pending or processed, received from
 * `marginMs` before the read on.
 */
export async function freshReads(
  db: Queryable,
  portalId: string,
  kind: ReadKind,
  ids: string[],
  o: { notBefore: Date; marginMs: number; since?: ReadonlyMap<string, Date> },
): Promise<Map<string, { record: ReadRecord; readAt: Date }>> {
  if (ids.length === 0) return new Map();
  const wanted = ids.map((id) => ({ id, since: o.since?.get(id)?.toISOString() ?? null }));
  const r = await db.query<{ record: ReadRecord; read_at: Date | string }>(
    `select h.record, h.read_at
       from jsonb_to_recordset($3::jsonb) as x(id text, since timestamptz)
       join hubspot_reads h on h.portal_id = $1 and h.object_type = $2 and h.object_id = x.id
      where h.read_at >= $4
        and (x.since is null or h.read_at > x.since + $5 * interval '1 millisecond')
        and (h.changed_at is null or h.changed_at < h.read_at - $5 * interval '1 millisecond')
        and h.writing_since is null
        and not exists (
          select 1 from webhook_events w
           where w.portal_id = h.portal_id and w.object_type = h.object_type and w.object_id = h.object_id
             and w.processed_at is null and w.received_at >= h.read_at - $5 * interval '1 millisecond')`,
    [portalId, kind, JSON.stringify(wanted), o.notBefore.toISOString(), o.marginMs],
  );
  return new Map(r.rows.map((row) => [row.record.id, { record: row.record, readAt: new Date(row.read_at) }]));
}

/**
 * Notes, for the objects of some events about to be marked processed, when the latest was
 * received: a read made before it (stored now or later) no longer holds.
 */
export async function markChanged(db: Queryable, portalId: string, dedupeKeys: string[]): Promise<void> {
  if (dedupeKeys.length === 0) return;
  await db.query(
    `insert into hubspot_reads (portal_id, object_type, object_id, changed_at)
     select $1, w.object_type, w.object_id, max(w.received_at)
       from webhook_events w
      where w.portal_id = $1 and w.dedupe_key = any($2::text[]) and w.object_type in ('contact', 'deal')
      group by w.object_type, w.object_id
     on conflict (portal_id, object_type, object_id) do update
       set changed_at = greatest(hubspot_reads.changed_at, excluded.changed_at)`,
    [portalId, dedupeKeys],
  );
}

/**
 * Notes that a batch update of these contacts is about to be sent (`writing`) or that HubSpot's
 * answer to it is recorded (`!writing`): between the two, their kept reads are not reused, since
 * HubSpot may hold what was sent without the job having recorded it.
 */
export async function markWriting(db: Queryable, portalId: string, ids: string[], writing: boolean): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `update hubspot_reads set writing_since = case when $3 then now() end
      where portal_id = $1 and object_type = 'contact' and object_id = any($2::text[]) and record is not null`,
    [portalId, ids, writing],
  );
}

/**
 * Notes that a contact job found these new contacts' deal links complete in their events before
 * it stored anything of them (linksKnownFor in src/sync/process-contacts.ts): a retry of that
 * work trusts the links although it finds what the dead try stored.
 */
export async function noteLinksKnown(db: Queryable, portalId: string, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `insert into hubspot_reads (portal_id, object_type, object_id, links_known_at)
     select $1, 'contact', x.id, $3 from unnest($2::text[]) as x(id)
     on conflict (portal_id, object_type, object_id) do update
       set links_known_at = excluded.links_known_at`,
    [portalId, ids, at.toISOString()],
  );
}

/** Of `ids`, the contacts an unfinished job noted as having their links known (noteLinksKnown). */
export async function linksNotedKnown(db: Queryable, portalId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await db.query<{ object_id: string }>(
    `select object_id from hubspot_reads
      where portal_id = $1 and object_type = 'contact' and object_id = any($2::text[]) and links_known_at is not null`,
    [portalId, ids],
  );
  return new Set(r.rows.map((row) => row.object_id));
}

/** Forgets the reads of `ids` (the job that made them finished), and their links' note; a row's changed_at stays until the prune. */
export async function forgetReads(db: Queryable, portalId: string, kind: ReadKind, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `with gone as (
       delete from hubspot_reads where portal_id = $1 and object_type = $2 and object_id = any($3::text[])
          and changed_at is null
     )
     update hubspot_reads set record = null, read_at = null, links_known_at = null
      where portal_id = $1 and object_type = $2 and object_id = any($3::text[]) and changed_at is not null`,
    [portalId, kind, ids],
  );
}

/**
 * Rows older than `before` (by their read and their last change): a read a job left behind (it
 * died for good, or the portal's work was dropped), a change no read kept now can predate.
 */
export async function pruneReads(db: Queryable, before: Date): Promise<number> {
  const r = await db.query('delete from hubspot_reads where greatest(read_at, changed_at, links_known_at) < $1', [
    before.toISOString(),
  ]);
  return r.rowCount;
}
