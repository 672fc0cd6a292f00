import type { Db } from '../store/db.ts';

/** The fields of a parsed webhook event that storage needs (see hubspot-events.ts). */
export type StorableEvent = {
  portalId: string;
  dedupeKey: string;
  eventId: string;
  subscriptionType: string;
  kind: string;
  objectType: 'contact' | 'deal';
  objectId: string;
  occurredAt: number;
};

export type Quarantined = { raw: unknown; reason: string; portalId: string | null };

export type StoreBatchResult = { stored: number; duplicates: number; quarantined: number };

/** The task that handles an object's pending events; its key is the object id. */
export const objectTask = { contact: 'contact-changed', deal: 'deal-changed' } as const;

/**
 * Stores a batch durably in one transaction: new events (duplicates of stored ones
 * change nothing), quarantined ones, and one coalesced pending job per changed
 * object, due after `debounceMs`: HubSpot sends a burst as many requests, and the wait lets
 * the worker take the burst in full batches of 100 (fewer API calls). Only after this
 * commits may the intake answer 2xx.
 */
export async function storeBatch(
  db: Db, events: StorableEvent[], quarantined: Quarantined[], now: Date, debounceMs = 0,
): Promise<StoreBatchResult> {
  if (events.length === 0 && quarantined.length === 0) return { stored: 0, duplicates: 0, quarantined: 0 };
  return db.transaction(async (tx) => {
    let stored = 0;
    if (events.length > 0) {
      const rows = events.map((e) => ({
        portal_id: e.portalId,
        dedupe_key: e.dedupeKey,
        event_id: e.eventId,
        subscription_type: e.subscriptionType,
        kind: e.kind,
        object_type: e.objectType,
        object_id: e.objectId,
        occurred_at: new Date(e.occurredAt).toISOString(),
        payload: e,
      }));
      const r = await tx.query<{ n: number }>(
        `with ins as (
           insert into webhook_events
             (portal_id, dedupe_key, event_id, subscription_type, kind, object_type, object_id, occurred_at, payload, received_at)
           select x.*, $2::timestamptz from jsonb_to_recordset($1::jsonb) as x(
             portal_id text, dedupe_key text, event_id text, subscription_type text, kind text,
             object_type text, object_id text, occurred_at timestamptz, payload jsonb)
           on conflict (portal_id, dedupe_key) do nothing
           returning portal_id, object_type, object_id
         ), jobs_in as (
           insert into jobs (portal_id, task, key, run_at)
           select distinct portal_id,
                  case object_type when 'contact' then '${objectTask.contact}' else '${objectTask.deal}' end,
                  object_id, $2::timestamptz + $3 * interval '1 millisecond'
             from ins
           on conflict (portal_id, task, key) where state = 'pending' do nothing
         )
         select count(*)::int as n from ins`,
        [JSON.stringify(rows), now.toISOString(), debounceMs],
      );
      stored = r.rows[0]?.n ?? 0;
    }
    if (quarantined.length > 0) {
      await tx.query(
        `insert into quarantined_events (portal_id, reason, raw, received_at)
         select coalesce(x.portal_id, ''), x.reason, x.raw, $2::timestamptz
           from jsonb_to_recordset($1::jsonb) as x(portal_id text, reason text, raw jsonb)`,
        [JSON.stringify(quarantined.map((q) => ({ portal_id: q.portalId, reason: q.reason, raw: q.raw ?? null }))), now.toISOString()],
      );
    }
    return { stored, duplicates: events.length - stored, quarantined: quarantined.length };
  });
}
