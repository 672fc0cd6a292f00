import { z } from 'zod';
import type { Queryable } from './db.ts';
import { parseRow } from './parse-row.ts';
import { OBJECT_TYPES } from './webhook-event.ts';

/**
 * The inserts of received webhook events (src/intake/store-batch.ts stores a batch with them in
 * one transaction): parsed events into webhook_events, deduplicated by their key, and events that
 * did not parse into quarantined_events. src/store/pending-events.ts reads them back,
 * src/store/prune-events.ts drops them.
 */

type Reader = Pick<Queryable, 'query'>;

/** A parsed event to store; the whole object is its payload. */
export type NewWebhookEvent = {
  portalId: string;
  dedupeKey: string;
  eventId: string;
  subscriptionType: string;
  kind: string;
  objectType: 'contact' | 'deal';
  objectId: string;
  occurredAt: number;
};

const InsertedEvent = z.object({ portal_id: z.string(), object_type: z.enum(OBJECT_TYPES), object_id: z.string() });

/**
 * Inserts the events HubSpot delivered at `receivedAt`, but those already stored (the same
 * dedupe key): the objects of the ones it inserted, one per event.
 */
export async function insertWebhookEvents(
  db: Reader,
  events: readonly NewWebhookEvent[],
  receivedAt: Date,
): Promise<Array<{ portalId: string; objectType: 'contact' | 'deal'; objectId: string }>> {
  if (events.length === 0) return [];
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
  const r = await db.query(
    `insert into webhook_events
       (portal_id, dedupe_key, event_id, subscription_type, kind, object_type, object_id, occurred_at, payload, received_at)
     select x.*, $2::timestamptz from jsonb_to_recordset($1::jsonb) as x(
       portal_id text, dedupe_key text, event_id text, subscription_type text, kind text,
       object_type text, object_id text, occurred_at timestamptz, payload jsonb)
     on conflict (portal_id, dedupe_key) do nothing
     returning portal_id, object_type, object_id`,
    [JSON.stringify(rows), receivedAt.toISOString()],
  );
  return r.rows.map((row) => {
    const x = parseRow(InsertedEvent, row, {
      table: 'webhook_events',
      column: 'portal_id, object_type, object_id',
      portalId: String(row.portal_id),
      key: `object ${String(row.object_id)}`,
    });
    return { portalId: x.portal_id, objectType: x.object_type, objectId: x.object_id };
  });
}

/**
 * Inserts quarantined events received at `receivedAt`; `portalId` null for an event that names
 * none readably. `reason` and `raw` must be storable JSON already (no NUL, bounded depth).
 */
export async function insertQuarantinedEvents(
  db: Reader,
  quarantined: ReadonlyArray<{ portalId: string | null; reason: unknown; raw: unknown }>,
  receivedAt: Date,
): Promise<void> {
  if (quarantined.length === 0) return;
  await db.query(
    // A JSON null (a null item of the webhook array) comes out of jsonb_to_recordset as SQL NULL.
    `insert into quarantined_events (portal_id, reason, raw, received_at)
     select coalesce(x.portal_id, ''), x.reason, coalesce(x.raw, 'null'::jsonb), $2::timestamptz
       from jsonb_to_recordset($1::jsonb) as x(portal_id text, reason text, raw jsonb)`,
    [
      JSON.stringify(quarantined.map((q) => ({ portal_id: q.portalId, reason: q.reason, raw: q.raw }))),
      receivedAt.toISOString(),
    ],
  );
}
