import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { HubSpotApi } from './hubspot-api.ts';
import { writeContactProperties, type PropertyWrite } from './write-contact-properties.ts';
import { markHealthWritten } from '../store/contact-health.ts';
import type { HealthStatus } from '@journey-stages/contract/journey';

/** The contact property we write health to (docs/hubspot-properties.md). */
export const HEALTH_PROPERTY = 'journey_stage_health';

export type HealthToWrite = { contactId: string; health: HealthStatus | null };

/**
 * Changed health as one kind of write (null clears the property: HubSpot empties a property
 * given ""). Afterwards written_health records what HubSpot holds so the next run writes only
 * what changed; a refused contact keeps its old written_health, carries HubSpot's reason in
 * write_error, and is tried again at its next change (docs/hubspot.md, "Refused writes").
 */
export function healthWrites(db: Db, portalId: string, items: HealthToWrite[]): PropertyWrite {
  const byId = new Map(items.map((b) => [b.contactId, b]));
  return {
    updates: items.map((b) => ({ id: b.contactId, properties: { [HEALTH_PROPERTY]: b.health ?? '' } })),
    recorded: async (contactIds, refused) => {
      const sent = contactIds.flatMap((id) => byId.get(id) ?? []);
      const written = sent.filter((b) => !refused.has(b.contactId));
      const refusedHere = new Map(
        sent.flatMap((b) => (refused.has(b.contactId) ? [[b.contactId, refused.get(b.contactId)!] as const] : [])),
      );
      await markHealthWritten(db, portalId, written, refusedHere);
    },
  };
}

/** Writes changed health alone (the timers' path), in batch updates of up to 100 (see writeContactProperties). */
export async function writeHealth(
  db: Db,
  api: HubSpotApi,
  portalId: string,
  items: HealthToWrite[],
  log: Logger,
): Promise<void> {
  await writeContactProperties(api, portalId, [healthWrites(db, portalId, items)], log);
}
