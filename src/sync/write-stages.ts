import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import { markWritten } from '../store/contact-store.ts';
import { BATCH_LIMIT, type HubSpotApi } from './hubspot-api.ts';
import { HubSpotError } from './hubspot-error.ts';
import type { StageToWrite } from './apply-derivations.ts';

/** The contact properties we own (CONTRACT.md §4). */
export const STAGE_PROPERTY = 'journey_stage';
export const ENTERED_AT_PROPERTY = 'journey_stage_entered_at';
/** CONTRACT.md §8: the furthest stage reached; sent only when it changed. */
export const HIGHEST_PROPERTY = 'journey_stage_highest';

/**
 * Writes changed stages in batch updates of up to 100. When a portal's validation rule
 * refuses a record, HubSpot refuses the whole batch with 400: the batch is split in
 * halves until the refused contact stands alone, which is then recorded with its reason
 * and not retried; everyone else is written.
 */
export async function writeStages(db: Db, api: HubSpotApi, portalId: string, items: StageToWrite[], log: Logger): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH_LIMIT) await writeBatch(db, api, portalId, items.slice(i, i + BATCH_LIMIT), log);
}

async function writeBatch(db: Db, api: HubSpotApi, portalId: string, batch: StageToWrite[], log: Logger): Promise<void> {
  if (batch.length === 0) return;
  let failures: Array<{ id: string; reason: string }>;
  try {
    failures = await api.updateContacts(
      portalId,
      batch.map((b) => ({
        id: b.contactId,
        properties: { [STAGE_PROPERTY]: b.stage, [ENTERED_AT_PROPERTY]: b.enteredAt.toISOString(), ...(b.highest ? { [HIGHEST_PROPERTY]: b.highest } : {}) },
      })),
    );
  } catch (err) {
    if (err instanceof HubSpotError && err.status === 400 && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      await writeBatch(db, api, portalId, batch.slice(0, half), log);
      await writeBatch(db, api, portalId, batch.slice(half), log);
      return;
    }
    throw err;
  }
  const refused = new Map(failures.map((f) => [f.id, f.reason]));
  for (const [contactId, reason] of refused)
    log.warn({ portalId, contactId, reason }, 'HubSpot refused the stage write for one contact (a validation rule of the portal?); not retried');
  await markWritten(db, portalId, batch.map((b) => ({
    contactId: b.contactId, stage: b.stage, enteredAt: b.enteredAt, highest: b.highest, error: refused.get(b.contactId) ?? null,
  })));
}
