import { z } from 'zod';
import type { Queryable } from './db.ts';
import { TouchpointType } from '@journey-stages/contract/journey';
import { parseRow } from './parse-row.ts';

/**
 * The contact_touchpoints table's reads and saves: each contact's touchpoints as last read from
 * HubSpot for the card (src/touchpoints/touchpoints-for-journey.ts decides when to read again).
 * Webhooks mark them stale through src/store/expire-touchpoints.ts.
 */

/** One cached touchpoint: src/touchpoints' Touchpoint, declared again because the store imports nothing of src/touchpoints. */
export type CachedTouchpoint = { type: TouchpointType; at: string; id: string; title?: string };

export type CachedTouchpoints = {
  items: CachedTouchpoint[];
  failed: TouchpointType[];
  /** Some failure may pass soon (5xx, 429, timeout); a missing scope (403) waits for the TTL. */
  retrySoon: boolean;
  readAt: Date;
};

type Row = { items: unknown; failed: unknown; retry_soon: boolean; read_at: Date | string };
/** A jsonb value can come back as its text (written with an explicit ::jsonb cast): read it first. */
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
const StoredTouchpoints = z.array(
  z.object({ type: TouchpointType, at: z.string(), id: z.string(), title: z.string().optional() }),
);
const StoredFailures = z.array(TouchpointType);

export async function loadCachedTouchpoints(
  db: Queryable,
  portalId: string,
  contactId: string,
): Promise<CachedTouchpoints | null> {
  const r = await db.query<Row>(
    'select items, failed, retry_soon, read_at from contact_touchpoints where portal_id = $1 and contact_id = $2',
    [portalId, contactId],
  );
  const row = r.rows[0];
  if (row === undefined) return null;
  const at = (column: string) => ({ table: 'contact_touchpoints', column, portalId, key: `contact ${contactId}` });
  const items: CachedTouchpoint[] = parseRow(StoredTouchpoints, json(row.items), at('items'));
  return {
    items,
    failed: parseRow(StoredFailures, json(row.failed), at('failed')),
    retrySoon: row.retry_soon,
    readAt: new Date(row.read_at),
  };
}

/**
 * Stores a read unless a newer one is already there (two reads racing: the later start
 * wins) or the contact was erased meanwhile (a privacy deletion must leave nothing behind).
 */
export async function saveCachedTouchpoints(
  db: Queryable,
  portalId: string,
  contactId: string,
  read: CachedTouchpoints,
): Promise<void> {
  await db.query(
    `insert into contact_touchpoints (portal_id, contact_id, items, failed, retry_soon, read_at)
     select $1, $2, $3::jsonb, $4::jsonb, $6, $5
      where not exists (select 1 from erased_contacts where portal_id = $1 and contact_id = $2)
     on conflict (portal_id, contact_id) do update
       set items = excluded.items, failed = excluded.failed, retry_soon = excluded.retry_soon, read_at = excluded.read_at
     where contact_touchpoints.read_at <= excluded.read_at`,
    [
      portalId,
      contactId,
      JSON.stringify(read.items),
      JSON.stringify(read.failed),
      read.readAt.toISOString(),
      read.retrySoon,
    ],
  );
}
