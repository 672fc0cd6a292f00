import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import { markWritten } from '../store/contact-store.ts';
import { markWriting } from '../store/hubspot-reads.ts';
import type { HubSpotApi } from './hubspot-api.ts';
import { writeContactProperties, type PropertyWrite } from './write-contact-properties.ts';
import type { StageToWrite } from './apply-derivations.ts';

/** The contact properties we own (docs/hubspot-properties.md). */
export const STAGE_PROPERTY = 'journey_stage';
export const ENTERED_AT_PROPERTY = 'journey_stage_entered_at';
/** docs/hubspot-properties.md: the furthest stage reached; sent only when it changed. */
export const HIGHEST_PROPERTY = 'journey_stage_highest';

/**
 * The changed stages as one kind of write: stage and entered-at, and the highest stage when it
 * changed. Afterwards markWritten records what HubSpot holds; a refused contact is recorded with
 * its reason and not retried. While a call is in flight, its contacts' kept reads are not reused
 * (markWriting): a job that dies before recording HubSpot's answer reads them again on its retry,
 * and finds there what it sent (applyDerivations then sends nothing).
 */
export function stageWrites(db: Db, portalId: string, items: StageToWrite[]): PropertyWrite {
  const byId = new Map(items.map((b) => [b.contactId, b]));
  return {
    updates: items.map((b) => ({
      id: b.contactId,
      properties: {
        [STAGE_PROPERTY]: b.stage,
        [ENTERED_AT_PROPERTY]: b.enteredAt.toISOString(),
        ...(b.highest ? { [HIGHEST_PROPERTY]: b.highest } : {}),
      },
    })),
    sending: (contactIds) => markWriting(db, portalId, contactIds, true),
    recorded: async (contactIds, refused) => {
      const batch = contactIds.flatMap((id) => byId.get(id) ?? []);
      await markWritten(
        db,
        portalId,
        batch.map((b) => ({
          contactId: b.contactId,
          stage: b.stage,
          enteredAt: b.enteredAt,
          highest: b.highest,
          error: refused.get(b.contactId) ?? null,
        })),
      );
      await markWriting(db, portalId, contactIds, false);
    },
  };
}

/** Writes changed stages alone, in batch updates of up to 100 (see writeContactProperties). */
export async function writeStages(
  db: Db,
  api: HubSpotApi,
  portalId: string,
  items: StageToWrite[],
  log: Logger,
): Promise<void> {
  await writeContactProperties(api, portalId, [stageWrites(db, portalId, items)], log);
}
