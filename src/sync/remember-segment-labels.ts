import type { Queryable } from '../store/db.ts';
import { segmentProperties } from '../engine/required-properties.ts';
import type { HubSpotApi } from './hubspot-api.ts';

/**
 * Reads the options of the segment properties (one GET each, general limit) and stores their
 * labels for the funnel's segments. Owners: hubspot_owner_id's options are whatever HubSpot
 * lists in the property; the app has no owners scope (src/install/scopes.ts), so an owner
 * missing there is answered by its id.
 */
export async function rememberSegmentLabels(
  db: Queryable,
  api: Pick<HubSpotApi, 'readContactPropertyOptions'>,
  portalId: string,
  now: Date,
): Promise<void> {
  for (const property of segmentProperties) {
    const options = (await api.readContactPropertyOptions(portalId, property)) ?? [];
    await db.query(
      `insert into segment_option_labels (portal_id, property, options, read_at) values ($1, $2, $3, $4)
       on conflict (portal_id, property) do update set options = excluded.options, read_at = excluded.read_at`,
      [portalId, property, JSON.stringify(options), now.toISOString()],
    );
  }
}
