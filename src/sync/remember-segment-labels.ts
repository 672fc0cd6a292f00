import type { Queryable } from '../store/db.ts';
import { saveOptionLabels } from '../store/segment-option-labels.ts';
import { segmentProperties } from '../engine/required-properties.ts';
import type { HubSpotApi, PropertyOption } from './hubspot-api.ts';
import { ownerLabel } from './owner-label.ts';

const OWNER_PROPERTY = 'hubspot_owner_id';

/**
 * Reads the options of the segment properties (one GET each, general limit) and stores their
 * labels for the funnel's segments. Owners are not among hubspot_owner_id's options (HubSpot
 * lists none, `externalOptions`): their names come from the owners API, live and archived
 * (docs/hubspot.md, "Owners"). Without the optional owners scope that read answers 403 and an
 * owner is shown by its id; nothing is retried before the next daily read.
 */
export async function rememberSegmentLabels(
  db: Queryable,
  api: Pick<HubSpotApi, 'readContactPropertyOptions' | 'readOwners'>,
  portalId: string,
  now: Date,
): Promise<void> {
  for (const property of segmentProperties) {
    const listed = (await api.readContactPropertyOptions(portalId, property)) ?? [];
    const options = property === OWNER_PROPERTY ? await withOwnerNames(api, portalId, listed) : listed;
    await saveOptionLabels(db, portalId, property, options, now);
  }
}

async function withOwnerNames(
  api: Pick<HubSpotApi, 'readOwners'>,
  portalId: string,
  listed: PropertyOption[],
): Promise<PropertyOption[]> {
  const live = await api.readOwners(portalId, false);
  // archived=true lists only the archived owners: a second pass, so a departed owner keeps a name.
  const archived = live === null ? null : await api.readOwners(portalId, true);
  const labels = new Map(listed.map((o) => [o.value, o.label]));
  for (const owner of [...(archived ?? []), ...(live ?? [])]) labels.set(owner.id, ownerLabel(owner));
  return [...labels].map(([value, label]) => ({ value, label }));
}
