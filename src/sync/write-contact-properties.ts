import type { Logger } from '../log.ts';
import type { HubSpotApi } from './hubspot-api.ts';
import { updateContactsInBatches } from './update-contacts-in-batches.ts';

/**
 * One kind of property we write (the stage properties, health): per contact what to send,
 * only the properties whose value HubSpot does not hold yet, and how to record the outcome.
 */
export type PropertyWrite = {
  updates: Array<{ id: string; properties: Record<string, string> }>;
  /** After each call HubSpot answered: the contacts in it and the ones it refused (id → reason). */
  recorded: (contactIds: string[], refused: Map<string, string>) => Promise<void>;
  /** Before each call, the contacts about to be sent (see updateContactsInBatches). */
  sending?: (contactIds: string[]) => Promise<void>;
};

/**
 * Sends every kind's properties for a contact in the same batch update, so a contact whose
 * stage and health both changed costs one slot in one call, not one in each of two calls
 * (API usage sits at the rate-limit floor). Each kind records what HubSpot took of it, and a
 * contact HubSpot refuses is refused for every kind it carried.
 */
export async function writeContactProperties(
  api: HubSpotApi,
  portalId: string,
  writes: PropertyWrite[],
  log: Logger,
): Promise<void> {
  const merged = new Map<string, Record<string, string>>();
  for (const write of writes) for (const u of write.updates) merged.set(u.id, { ...merged.get(u.id), ...u.properties });
  const updates = [...merged].map(([id, properties]) => ({ id, properties, item: id }));
  await updateContactsInBatches(
    api,
    portalId,
    updates,
    async (contactIds, refused) => {
      for (const [contactId, reason] of refused)
        log.warn(
          { portalId, contactId, properties: Object.keys(merged.get(contactId) ?? {}), reason },
          'HubSpot refused our write for one contact (a validation rule of the portal?); recorded, ' +
            'not retried before its next change',
        );
      for (const write of writes) await write.recorded(contactIds, refused);
    },
    async (contactIds) => {
      for (const write of writes) await write.sending?.(contactIds);
    },
  );
}
