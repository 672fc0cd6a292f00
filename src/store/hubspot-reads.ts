import type { Queryable } from './db.ts';

/**
 * Table `hubspot_reads`: what a contact job read from HubSpot, from the read until the job
 * finishes, so its retry does not pay for a read nothing has changed since
 * (docs/performance.md, "Reads a retry reuses"). A row is good while nothing newer could be in
 * HubSpot: no pending event of the object was received since the read (with a margin for the
 * clocks of other processes), the caller's own reason to read is older than the read, and the
 * read is recent. A deal job that processes an event of a deal forgets the deal's read
 * (forgetReadsBefore), as its event stops being pending.
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
       where hubspot_reads.read_at <= excluded.read_at`,
    [portalId, kind, JSON.stringify(records.map((r) => ({ id: r.id, record: r }))), readAt.toISOString()],
  );
}

/**
 * The stored reads of `ids` that are still good: read at or after `notBefore` (the oldest read
 * worth reusing), after the object's own `since` when the caller gives one (a reason to read
 * that no event carries), and with no pending event of the object received from `marginMs`
 * before the read on.
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
      where h.read_at >= $4 and (x.since is null or h.read_at > x.since + $5 * interval '1 millisecond')
        and not exists (
          select 1 from webhook_events w
           where w.portal_id = h.portal_id and w.object_type = h.object_type and w.object_id = h.object_id
             and w.processed_at is null and w.received_at >= h.read_at - $5 * interval '1 millisecond')`,
    [portalId, kind, JSON.stringify(wanted), o.notBefore.toISOString(), o.marginMs],
  );
  return new Map(r.rows.map((row) => [row.record.id, { record: row.record, readAt: new Date(row.read_at) }]));
}

/** Drops the reads of `ids` (the job that made them finished). */
export async function forgetReads(db: Queryable, portalId: string, kind: ReadKind, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    'delete from hubspot_reads where portal_id = $1 and object_type = $2 and object_id = any($3::text[])',
    [portalId, kind, ids],
  );
}

/**
 * Drops the reads that some events, about to be marked processed, may postdate: a read of their
 * object made before the event was received (with `marginMs` to spare) no longer holds.
 */
export async function forgetReadsBefore(
  db: Queryable,
  portalId: string,
  dedupeKeys: string[],
  marginMs: number,
): Promise<void> {
  if (dedupeKeys.length === 0) return;
  await db.query(
    `delete from hubspot_reads h using webhook_events w
      where h.portal_id = $1 and w.portal_id = $1 and w.dedupe_key = any($2::text[])
        and h.object_type = w.object_type and h.object_id = w.object_id
        and h.read_at < w.received_at + $3 * interval '1 millisecond'`,
    [portalId, dedupeKeys, marginMs],
  );
}

/** Reads a job left behind (it died for good, or the portal's work was dropped): older than `before`. */
export async function pruneReads(db: Queryable, before: Date): Promise<number> {
  const r = await db.query('delete from hubspot_reads where read_at < $1', [before.toISOString()]);
  return r.rowCount;
}
