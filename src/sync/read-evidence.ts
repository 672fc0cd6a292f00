import type { Db } from '../store/db.ts';
import type { StoredEvidence } from '../store/contact-store.ts';
import { loadDealLinks, storeDealLinks } from '../store/deal-links.ts';
import type { DealSnapshot } from '../engine/evidence.ts';
import { BATCH_LIMIT, type HubSpotApi, type HubSpotRecord } from './hubspot-api.ts';

export type ReadEvidenceResult = {
  evidence: Map<string, StoredEvidence>;
  /** Ids HubSpot does not know (deleted, or merged away). */
  missing: string[];
};

/**
 * Reads what the stage model needs for up to 100 contacts of one portal with three
 * batch calls: the contacts, their deal associations, and those deals (one more call per
 * further 100 deals). Contacts in `linksKnown` take their deal links from deal_contacts
 * instead of the association read (the caller vouches that those are complete, see
 * linksKnownFor in process-contacts.ts); when every contact is such, that call is not made.
 */
export async function readEvidence(
  db: Db,
  api: HubSpotApi,
  portalId: string,
  ids: string[],
  properties: { contact: string[]; deal: string[] },
  linksKnown: ReadonlySet<string> = new Set(),
): Promise<ReadEvidenceResult> {
  if (ids.length > BATCH_LIMIT)
    throw new Error(`[sync] readEvidence takes at most ${BATCH_LIMIT} contacts, got ${ids.length}`);
  const contacts = await api.readContacts(portalId, ids, properties.contact);
  const evidence = await withDeals(db, api, portalId, contacts, properties.deal, linksKnown);
  return { evidence, missing: ids.filter((id) => !evidence.has(id)) };
}

/**
 * The contacts' evidence: their deal associations (one call) and those deals (one call per
 * 100). The links seen are stored, so a later event about a deal, even its deletion, finds
 * its contacts without asking HubSpot.
 */
export async function withDeals(
  db: Db,
  api: HubSpotApi,
  portalId: string,
  contacts: HubSpotRecord[],
  dealProperties: string[],
  linksKnown: ReadonlySet<string> = new Set(),
): Promise<Map<string, StoredEvidence>> {
  const toRead = contacts.filter((c) => !linksKnown.has(c.id)).map((c) => c.id);
  const known = contacts.filter((c) => linksKnown.has(c.id)).map((c) => c.id);
  const links =
    toRead.length === 0 ? new Map<string, string[]>() : await api.readAssociations(portalId, 'contacts', toRead);
  for (const [id, dealIds] of await loadDealLinks(db, portalId, known)) links.set(id, dealIds);
  const dealIds = [...new Set([...links.values()].flat())];
  const deals = new Map<string, DealSnapshot>();
  for (let i = 0; i < dealIds.length; i += BATCH_LIMIT)
    for (const d of await api.readDeals(portalId, dealIds.slice(i, i + BATCH_LIMIT), dealProperties))
      deals.set(d.id, d);
  await storeDealLinks(db, portalId, links, 'contact');
  return new Map(
    contacts.map((contact) => [
      contact.id,
      {
        contact,
        deals: (links.get(contact.id) ?? [])
          .map((id) => deals.get(id))
          .filter((d): d is DealSnapshot => d !== undefined),
      },
    ]),
  );
}
