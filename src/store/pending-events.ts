import type { Queryable } from './db.ts';
import { WebhookEvent } from './webhook-event.ts';
import { parseRow } from './parse-row.ts';

export type PendingEvent = WebhookEvent;

/** The unprocessed events of some objects of one portal, oldest first; an event that no longer parses throws InvalidRowError. */
export async function loadPendingEvents(
  db: Queryable,
  portalId: string,
  objectType: 'contact' | 'deal',
  ids: string[],
): Promise<PendingEvent[]> {
  if (ids.length === 0) return [];
  const r = await db.query<{ dedupe_key: string; payload: unknown }>(
    `select dedupe_key, payload from webhook_events
      where portal_id = $1 and object_type = $2 and object_id = any($3::text[]) and processed_at is null
      order by occurred_at`,
    [portalId, objectType, ids],
  );
  return r.rows.map((row) =>
    parseRow(WebhookEvent, row.payload, {
      table: 'webhook_events',
      column: 'payload',
      portalId,
      key: `dedupe_key ${row.dedupe_key}`,
    }),
  );
}

/**
 * Marks events processed and forgets their property values: a value can be personal data, and
 * processing never reads it (the contact is read from HubSpot); the dedupe key already holds
 * what retries are matched on.
 */
export async function markProcessed(db: Queryable, portalId: string, dedupeKeys: string[], now: Date): Promise<void> {
  if (dedupeKeys.length === 0) return;
  await db.query(
    `update webhook_events set processed_at = $3, payload = payload - 'propertyValue'
      where portal_id = $1 and dedupe_key = any($2::text[]) and processed_at is null`,
    [portalId, dedupeKeys, now.toISOString()],
  );
}
