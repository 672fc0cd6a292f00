import type { Queryable } from './db.ts';
import type { TimelineEntry } from '@journey-stages/contract/journey';

/**
 * The statements of a contact's life events (src/sync/apply-contact-lifecycle.ts decides when):
 * a privacy deletion's erasure across every table that holds something of the person, a
 * deletion's and a restore's flag, and a merge's move of history, links and aliases. These
 * are the only writes to a table outside its owner (docs/architecture.md, "Who writes each
 * table"): an erasure must reach everything, in the caller's transaction.
 */

/**
 * Every row that names the contact goes, and a tombstone stays so nothing is written for it
 * again. A table that stores something of a person must be listed here.
 */
const ERASE_SQL = [
  'delete from timeline_entries where portal_id = $1 and contact_id = $2',
  'delete from contacts where portal_id = $1 and contact_id = $2',
  'delete from deal_contacts where portal_id = $1 and contact_id = $2',
  'delete from contact_aliases where portal_id = $1 and (old_id = $2 or new_id = $2)',
  'delete from health_snoozes where portal_id = $1 and contact_id = $2', // a rep's free-text reason about the person
  'delete from contact_touchpoints where portal_id = $1 and contact_id = $2', // email subjects, call titles
  'delete from owner_tasks where portal_id = $1 and contact_id = $2', // tasks planned for the person's owner
  // the contact as a job read it, kept for the job's retry
  `delete from hubspot_reads where portal_id = $1 and object_type = 'contact' and object_id = $2`,
  // persona, owner, source over time
  'delete from contact_segment_values where portal_id = $1 and contact_id = $2',
  `delete from webhook_events where portal_id = $1 and object_type = 'contact' and object_id = $2`,
  // Events that did not parse keep their raw JSON: those naming the contact go too.
  `delete from quarantined_events where portal_id = $1 and $2 in (raw->>'objectId', raw->>'fromObjectId', raw->>'toObjectId')`,
];

/** A privacy deletion: the tombstone, then every trace of the contact (its jobs are the queue's). */
export async function eraseContact(
  db: Pick<Queryable, 'query'>,
  portalId: string,
  contactId: string,
  now: Date,
): Promise<void> {
  await db.query(
    'insert into erased_contacts (portal_id, contact_id, erased_at) values ($1, $2, $3) on conflict do nothing',
    [portalId, contactId, now.toISOString()],
  );
  for (const sql of ERASE_SQL) await db.query(sql, [portalId, contactId]);
}

/** A deletion (true) stops writes for the contact until a restore (false). */
export async function markContactDeleted(
  db: Pick<Queryable, 'query'>,
  portalId: string,
  contactId: string,
  deleted: boolean,
): Promise<void> {
  await db.query('update contacts set deleted = $3 where portal_id = $1 and contact_id = $2', [
    portalId,
    contactId,
    deleted,
  ]);
}

/**
 * A merge: `merged` replaces the histories of the old ids and the survivor; their contact rows
 * go (the survivor's is rewritten by its derivation), deal links move to the survivor, the old
 * ids' segment values go and the old ids resolve to the survivor from now on.
 */
export async function replaceWithMerged(
  db: Pick<Queryable, 'query'>,
  portalId: string,
  o: { oldIds: readonly string[]; newId: string; merged: readonly TimelineEntry[] },
): Promise<void> {
  const ids = [...o.oldIds, o.newId];
  await db.query('delete from timeline_entries where portal_id = $1 and contact_id = any($2::text[])', [portalId, ids]);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: inserting from an empty array inserts nothing
  if (o.merged.length > 0)
    await db.query(
      `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
       select $1, $2, x.ordinality - 1, x.e->>'stage', (x.e->>'enteredAt')::timestamptz, x.e->>'direction', coalesce(x.e->>'model', ''), x.e
         from jsonb_array_elements($3::jsonb) with ordinality as x(e, ordinality)`,
      [portalId, o.newId, JSON.stringify(o.merged)],
    );
  // What HubSpot holds for the survivor is unknown after a merge, so its row is dropped too and
  // the stage written again.
  await db.query('delete from contacts where portal_id = $1 and contact_id = any($2::text[])', [portalId, ids]);
  await db.query(
    `insert into deal_contacts (portal_id, deal_id, contact_id)
     select portal_id, deal_id, $3 from deal_contacts where portal_id = $1 and contact_id = any($2::text[])
     on conflict do nothing`,
    [portalId, o.oldIds, o.newId],
  );
  await db.query('delete from deal_contacts where portal_id = $1 and contact_id = any($2::text[])', [
    portalId,
    o.oldIds,
  ]);
  // The merged-away records are gone in HubSpot; the survivor's dated values stay its own.
  await db.query('delete from contact_segment_values where portal_id = $1 and contact_id = any($2::text[])', [
    portalId,
    o.oldIds,
  ]);
  await db.query(
    `insert into contact_aliases (portal_id, old_id, new_id) select $1, unnest($2::text[]), $3
     on conflict (portal_id, old_id) do update set new_id = excluded.new_id`,
    [portalId, o.oldIds, o.newId],
  );
}

/** Which of the ids a privacy deletion erased: nothing is read or written for them again. */
/** Drops the events of contacts erased for privacy that arrived after the erasure (their tombstone stands). */
export async function dropEventsOfErased(
  db: Pick<Queryable, 'query'>,
  portalId: string,
  contactIds: readonly string[],
): Promise<void> {
  await db.query(
    `delete from webhook_events where portal_id = $1 and object_type = 'contact' and object_id = any($2::text[])`,
    [portalId, contactIds],
  );
}

/** Marks contacts HubSpot no longer has (a read answered without them) as deleted. */
export async function markContactsMissing(
  db: Pick<Queryable, 'query'>,
  portalId: string,
  contactIds: readonly string[],
): Promise<void> {
  await db.query('update contacts set deleted = true where portal_id = $1 and contact_id = any($2::text[])', [
    portalId,
    contactIds,
  ]);
}

export async function erasedAmong(
  db: Pick<Queryable, 'query'>,
  portalId: string,
  contactIds: readonly string[],
): Promise<Set<string>> {
  const r = await db.query<{ contact_id: string }>(
    'select contact_id from erased_contacts where portal_id = $1 and contact_id = any($2::text[])',
    [portalId, contactIds],
  );
  return new Set(r.rows.map((row) => row.contact_id));
}
