import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import { markWritten } from '../store/contact-store.ts';
import type { HubSpotApi } from './hubspot-api.ts';
import { updateContactsInBatches } from './update-contacts-in-batches.ts';
import type { StageToWrite } from './apply-derivations.ts';

/** The contact properties we own (CONTRACT.md §4). */
export const STAGE_PROPERTY = 'journey_stage';
export const ENTERED_AT_PROPERTY = 'journey_stage_entered_at';
/** CONTRACT.md §8: the furthest stage reached; sent only when it changed. */
export const HIGHEST_PROPERTY = 'journey_stage_highest';

/**
 * Writes changed stages in batch updates of up to 100 (a contact a portal's validation rule
 * refuses is split out by updateContactsInBatches), then records what HubSpot holds; a refused
 * contact is recorded with its reason and not retried.
 */
export async function writeStages(db: Db, api: HubSpotApi, portalId: string, items: StageToWrite[], log: Logger): Promise<void> {
  const updates = items.map((b) => ({
    id: b.contactId,
    properties: { [STAGE_PROPERTY]: b.stage, [ENTERED_AT_PROPERTY]: b.enteredAt.toISOString(), ...(b.highest ? { [HIGHEST_PROPERTY]: b.highest } : {}) },
    item: b,
  }));
  await updateContactsInBatches(api, portalId, updates, async (batch, refused) => {
    for (const [contactId, reason] of refused)
      log.warn({ portalId, contactId, reason }, 'HubSpot refused the stage write for one contact (a validation rule of the portal?); not retried');
    await markWritten(db, portalId, batch.map((b) => ({
      contactId: b.contactId, stage: b.stage, enteredAt: b.enteredAt, highest: b.highest, error: refused.get(b.contactId) ?? null,
    })));
  });
}
