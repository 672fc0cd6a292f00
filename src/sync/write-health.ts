import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { HubSpotApi } from './hubspot-api.ts';
import { updateContactsInBatches } from './update-contacts-in-batches.ts';
import type { HealthStatus } from '@journey-stages/contract/journey';

/** The contact property we write health to (CONTRACT.md §8). */
export const HEALTH_PROPERTY = 'journey_stage_health';

export type HealthToWrite = { contactId: string; health: HealthStatus | null };

/**
 * Writes changed health in batch updates of up to 100 (null clears the property: HubSpot
 * empties a property given ""), then records what HubSpot holds in written_health so the
 * next run writes only what changed. A contact a portal's validation rule refuses (split out
 * by updateContactsInBatches) is logged and tried again at its next change.
 */
export async function writeHealth(db: Db, api: HubSpotApi, portalId: string, items: HealthToWrite[], log: Logger): Promise<void> {
  const updates = items.map((b) => ({ id: b.contactId, properties: { [HEALTH_PROPERTY]: b.health ?? '' }, item: b }));
  await updateContactsInBatches(api, portalId, updates, async (batch, refused) => {
    for (const [contactId, reason] of refused)
      log.warn({ portalId, contactId, reason }, 'HubSpot refused the health write for one contact (a validation rule of the portal?); tried again at its next change');
    const written = batch.filter((b) => !refused.has(b.contactId));
    if (written.length === 0) return;
    await db.query(
      `update contacts c set written_health = x.health
         from jsonb_to_recordset($2::jsonb) as x(contact_id text, health text)
        where c.portal_id = $1 and c.contact_id = x.contact_id`,
      [portalId, JSON.stringify(written.map((b) => ({ contact_id: b.contactId, health: b.health })))],
    );
  });
}
