import { propertyValue } from '../engine/evidence.ts';
import type { ContactRow } from '../store/contact-store.ts';
import type { HubSpotRecord } from './hubspot-api.ts';
import { ENTERED_AT_PROPERTY, HIGHEST_PROPERTY, STAGE_PROPERTY } from './write-stages.ts';

/**
 * Whether HubSpot's current values differ from what we derived from, on the properties the
 * derivation reads. An unset value and an empty one are the same (HubSpot treats "" as unset),
 * and so are two spellings of one instant (a search and a batch read need not format a
 * datetime alike).
 */
export function valuesDiffer(
  held: Record<string, string | null | undefined>,
  fresh: Record<string, string | null>,
  names: readonly string[],
): boolean {
  return names.some((name) => !sameValue(propertyValue(held[name]), propertyValue(fresh[name])));
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T/;

function sameValue(a: string | null, b: string | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const instant = (v: string) => (ISO_INSTANT.test(v) ? Date.parse(v) : /^\d{12,}$/.test(v) ? Number(v) : Number.NaN);
  const x = instant(a);
  return Number.isFinite(x) && x === instant(b);
}

/**
 * The contacts of a search page whose derivation is out of date: never held, held as deleted
 * (HubSpot restored them), or read with other values than HubSpot has now. A contact we wrote
 * ourselves (our journey_stage write moves its last-modified date) compares equal: our stage
 * properties are compared with what we wrote, not with what was read before the write.
 */
export function staleContacts(
  records: readonly HubSpotRecord[],
  held: ReadonlyMap<string, ContactRow>,
  names: readonly string[],
): string[] {
  return records
    .filter((r) => {
      const row = held.get(r.id);
      return row === undefined || row.deleted || valuesDiffer(heldInHubSpot(row), r.properties, names);
    })
    .map((r) => r.id);
}

/**
 * What HubSpot holds of a contact as far as we know: the values read for its last derivation,
 * with the stage properties HubSpot took from us since (markWritten) in place of those read.
 */
function heldInHubSpot(row: ContactRow): Record<string, string | null | undefined> {
  const read = row.evidence.contact.properties;
  return {
    ...read,
    ...(row.writtenStage === null ? {} : { [STAGE_PROPERTY]: row.writtenStage }),
    ...(row.writtenEnteredAt === null ? {} : { [ENTERED_AT_PROPERTY]: row.writtenEnteredAt.toISOString() }),
    ...(row.writtenHighestStage === null ? {} : { [HIGHEST_PROPERTY]: row.writtenHighestStage }),
  };
}

/**
 * The contacts a search page of deals reaches whose derivation read another version of the deal:
 * the deal is missing from the contact's evidence (a new link) or its values changed.
 */
export function contactsWithStaleDeals(
  deals: readonly HubSpotRecord[],
  links: ReadonlyMap<string, readonly string[]>,
  held: ReadonlyMap<string, ContactRow>,
  names: readonly string[],
): string[] {
  const stale = new Set<string>();
  for (const deal of deals)
    for (const contactId of links.get(deal.id) ?? []) {
      const heldDeal = held.get(contactId)?.evidence.deals.find((d) => d.id === deal.id);
      if (heldDeal === undefined || valuesDiffer(heldDeal.properties, deal.properties, names)) stale.add(contactId);
    }
  return [...stale];
}
