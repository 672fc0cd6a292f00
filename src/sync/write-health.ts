import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { HubSpotApi } from './hubspot-api.ts';
import { writeContactProperties, type PropertyWrite } from './write-contact-properties.ts';
import type { HealthStatus } from '@journey-stages/contract/journey';

/** The contact property we write health to (docs/hubspot-properties.md). */
export const HEALTH_PROPERTY = 'journey_stage_health';

export type HealthToWrite = { contactId: string; health: HealthStatus | null };

/**
 * Changed health as one kind of write (null clears the property: HubSpot empties a property
 * given ""). Afterwards written_health records what HubSpot holds so the next run writes only
 * what changed; a refused contact keeps its old written_health and is tried again at its next change.
 */
export function healthWrites(db: Db, portalId: string, items: HealthToWrite[]): PropertyWrite {
  const byId = new Map(items.map((b) => [b.contactId, b]));
  return {
    updates: items.map((b) => ({ id: b.contactId, properties: { [HEALTH_PROPERTY]: b.health ?? '' } })),
    recorded: async (contactIds, refused) => {
      const written = contactIds.flatMap((id) => byId.get(id) ?? []).filter((b) => !refused.has(b.contactId));
      if (written.length === 0) return;
      await db.query(
        `update contacts c set written_health = x.health
           from jsonb_to_recordset($2::jsonb) as x(contact_id text, health text)
          where c.portal_id = $1 and c.contact_id = x.contact_id`,
        [portalId, JSON.stringify(written.map((b) => ({ contact_id: b.contactId, health: b.health })))],
      );
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
