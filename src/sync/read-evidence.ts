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
 * Reads what the stage model needs for contacts of one portal in batch calls of 100: the
 * contacts, their deal associations, and those deals. The deals of all the contacts are read
 * together, so a burst's deals cost one call per 100 deals, not one per 100 contacts
 * (docs/performance.md, "Realistic burst"). Contacts in `linksKnown` take their deal links
 * from deal_contacts instead of the association read (the caller vouches that those are
 * complete, see linksKnownFor in process-contacts.ts); when every contact is such, that call
 * is not made.
 */
export async function readEvidence(
  db: Db,
  api: HubSpotApi,
  portalId: string,
  ids: string[],
  properties: { contact: string[]; deal: string[] },
  linksKnown: ReadonlySet<string> = new Set(),
  now?: () => Date,
): Promise<ReadEvidenceResult> {
  const contacts: HubSpotRecord[] = [];
  for (let i = 0; i < ids.length; i += BATCH_LIMIT)
    contacts.push(...(await api.readContacts(portalId, ids.slice(i, i + BATCH_LIMIT), properties.contact)));
  const evidence = await withDeals(db, api, portalId, contacts, properties.deal, linksKnown, now);
  return { evidence, missing: ids.filter((id) => !evidence.has(id)) };
}

/**
 * The contacts' evidence: their deal associations (one call per 100 contacts) and those deals
 * (one call per 100 deals). The links seen are stored with when their deals were read, so a
 * later event about a deal, even its deletion, finds its contacts without asking HubSpot, and
 * a deal event received before that read needs no second derivation (process-deals.ts).
 */
export async function withDeals(
  db: Db,
  api: HubSpotApi,
  portalId: string,
  contacts: HubSpotRecord[],
  dealProperties: string[],
  linksKnown: ReadonlySet<string> = new Set(),
  /** The service's clock (the one that dates webhook receipts): without it, the read time is not kept. */
  now?: () => Date,
): Promise<Map<string, StoredEvidence>> {
  const toRead = contacts.filter((c) => !linksKnown.has(c.id)).map((c) => c.id);
  const known = contacts.filter((c) => linksKnown.has(c.id)).map((c) => c.id);
  const links = new Map<string, string[]>();
  for (let i = 0; i < toRead.length; i += BATCH_LIMIT)
    for (const [id, dealIds] of await api.readAssociations(portalId, 'contacts', toRead.slice(i, i + BATCH_LIMIT)))
      links.set(id, dealIds);
  for (const [id, dealIds] of await loadDealLinks(db, portalId, known)) links.set(id, dealIds);
  const dealIds = [...new Set([...links.values()].flat())];
  const deals = new Map<string, DealSnapshot>();
  // Taken before the first deal read is sent: a deal event received before it is in what we read.
  const readAt = now?.();
  for (let i = 0; i < dealIds.length; i += BATCH_LIMIT)
    for (const d of await api.readDeals(portalId, dealIds.slice(i, i + BATCH_LIMIT), dealProperties))
      deals.set(d.id, d);
  await storeDealLinks(db, portalId, links, 'contact', readAt);
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
