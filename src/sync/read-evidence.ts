import type { Db } from '../store/db.ts';
import type { StoredEvidence } from '../store/contact-store.ts';
import type { DealSnapshot } from '../engine/evidence.ts';
import { BATCH_LIMIT, type HubSpotApi } from './hubspot-api.ts';

export type ReadEvidenceResult = {
  evidence: Map<string, StoredEvidence>;
  /** Ids HubSpot does not know (deleted, or merged away). */
  missing: string[];
};

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Reads what the stage model needs for up to 100 contacts of one portal with three
 * batch calls: the contacts, their deal associations, and those deals (one more call per
 * further 100 deals). The deal-to-contact links seen are stored, so a later event about a
 * deal, even its deletion, finds its contacts without asking HubSpot.
 */
export async function readEvidence(
  db: Db, api: HubSpotApi, portalId: string, ids: string[],
  properties: { contact: string[]; deal: string[] },
): Promise<ReadEvidenceResult> {
  if (ids.length > BATCH_LIMIT) throw new Error(`[sync] readEvidence takes at most ${BATCH_LIMIT} contacts, got ${ids.length}`);
  const contacts = await api.readContacts(portalId, ids, properties.contact);
  const found = contacts.map((c) => c.id);
  const links = await api.readAssociations(portalId, 'contacts', found);
  const dealIds = [...new Set([...links.values()].flat())];
  const deals = new Map<string, DealSnapshot>();
  for (const chunk of chunks(dealIds, BATCH_LIMIT))
    for (const d of await api.readDeals(portalId, chunk, properties.deal)) deals.set(d.id, d);

  const pairs = [...links].flatMap(([contactId, ds]) => ds.map((dealId) => ({ deal_id: dealId, contact_id: contactId })));
  if (pairs.length > 0)
    await db.query(
      `insert into deal_contacts (portal_id, deal_id, contact_id)
       select $1, x.deal_id, x.contact_id from jsonb_to_recordset($2::jsonb) as x(deal_id text, contact_id text)
       on conflict do nothing`,
      [portalId, JSON.stringify(pairs)],
    );

  const evidence = new Map<string, StoredEvidence>();
  for (const c of contacts) {
    const own = (links.get(c.id) ?? []).map((id) => deals.get(id)).filter((d): d is DealSnapshot => d !== undefined);
    evidence.set(c.id, { contact: c, deals: own });
  }
  return { evidence, missing: ids.filter((id) => !evidence.has(id)) };
}
