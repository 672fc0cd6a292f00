import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import { BATCH_LIMIT, type HubSpotApi } from './hubspot-api.ts';
import { HubSpotError } from './hubspot-error.ts';
import type { HealthStatus } from '../engine/journey.ts';

/** The contact property we write health to (CONTRACT.md §8). */
export const HEALTH_PROPERTY = 'journey_stage_health';

export type HealthToWrite = { contactId: string; health: HealthStatus | null };

/**
 * Writes changed health in batch updates of up to 100 (null clears the property: HubSpot
 * empties a property given ""), then records what HubSpot holds in written_health so the
 * next run writes only what changed. A batch refused with 400 is split until the refused
 * contact stands alone; that one is logged and tried again at its next change.
 */
export async function writeHealth(db: Db, api: HubSpotApi, portalId: string, items: HealthToWrite[], log: Logger): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH_LIMIT) await writeBatch(db, api, portalId, items.slice(i, i + BATCH_LIMIT), log);
}

async function writeBatch(db: Db, api: HubSpotApi, portalId: string, batch: HealthToWrite[], log: Logger): Promise<void> {
  if (batch.length === 0) return;
  let failures: Array<{ id: string; reason: string }>;
  try {
    failures = await api.updateContacts(portalId, batch.map((b) => ({ id: b.contactId, properties: { [HEALTH_PROPERTY]: b.health ?? '' } })));
  } catch (err) {
    if (err instanceof HubSpotError && err.status === 400 && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      await writeBatch(db, api, portalId, batch.slice(0, half), log);
      await writeBatch(db, api, portalId, batch.slice(half), log);
      return;
    }
    throw err;
  }
  const refused = new Set(failures.map((f) => f.id));
  for (const f of failures) log.warn({ portalId, contactId: f.id, reason: f.reason }, 'HubSpot refused the health write for one contact (a validation rule of the portal?); tried again at its next change');
  const written = batch.filter((b) => !refused.has(b.contactId));
  if (written.length === 0) return;
  await db.query(
    `update contacts c set written_health = x.health
       from jsonb_to_recordset($2::jsonb) as x(contact_id text, health text)
      where c.portal_id = $1 and c.contact_id = x.contact_id`,
    [portalId, JSON.stringify(written.map((b) => ({ contact_id: b.contactId, health: b.health })))],
  );
}
