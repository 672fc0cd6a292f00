import type { Queryable } from '../store/db.ts';
import type { TouchpointType } from '@journey-stages/contract/journey';
import type { Touchpoint } from './touchpoint-sources.ts';

export type CachedTouchpoints = {
  items: Touchpoint[];
  failed: TouchpointType[];
  /** Some failure may pass soon (5xx, 429, timeout); a missing scope (403) waits for the TTL. */
  retrySoon: boolean;
  readAt: Date;
};

type Row = { items: Touchpoint[] | string; failed: TouchpointType[] | string; retry_soon: boolean; read_at: Date | string };
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export async function loadCachedTouchpoints(db: Queryable, portalId: string, contactId: string): Promise<CachedTouchpoints | null> {
  const r = await db.query<Row>('select items, failed, retry_soon, read_at from contact_touchpoints where portal_id = $1 and contact_id = $2', [portalId, contactId]);
  const row = r.rows[0];
  return row === undefined ? null : { items: json(row.items), failed: json(row.failed), retrySoon: row.retry_soon, readAt: new Date(row.read_at) };
}

/**
 * Stores a read unless a newer one is already there (two reads racing: the later start
 * wins) or the contact was erased meanwhile (a privacy deletion must leave nothing behind).
 */
export async function saveCachedTouchpoints(db: Queryable, portalId: string, contactId: string, read: CachedTouchpoints): Promise<void> {
  await db.query(
    `insert into contact_touchpoints (portal_id, contact_id, items, failed, retry_soon, read_at)
     select $1, $2, $3::jsonb, $4::jsonb, $6, $5
      where not exists (select 1 from erased_contacts where portal_id = $1 and contact_id = $2)
     on conflict (portal_id, contact_id) do update
       set items = excluded.items, failed = excluded.failed, retry_soon = excluded.retry_soon, read_at = excluded.read_at
     where contact_touchpoints.read_at <= excluded.read_at`,
    [portalId, contactId, JSON.stringify(read.items), JSON.stringify(read.failed), read.readAt.toISOString(), read.retrySoon],
  );
}

/** Marks a contact's touchpoints stale, so the next card view reads them again (a webhook said they changed). */
export async function expireCachedTouchpoints(db: Queryable, portalId: string, contactIds: readonly string[]): Promise<void> {
  if (contactIds.length === 0) return;
  await db.query(`update contact_touchpoints set read_at = 'epoch' where portal_id = $1 and contact_id = any($2::text[])`, [portalId, [...contactIds]]);
}
