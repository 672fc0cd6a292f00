import type { Db, Queryable } from '../store/db.ts';
import type { StoredEvidence } from '../store/contact-store.ts';
import { loadDealLinks, storeDealLinks } from '../store/deal-links.ts';
import type { DealSnapshot } from '../engine/evidence.ts';
import { BATCH_LIMIT, type HubSpotApi, type HubSpotRecord } from './hubspot-api.ts';
import { freshReads, rememberReads, type ReadKind } from '../store/hubspot-reads.ts';

/**
 * A job's reads kept until it finishes (table hubspot_reads): a retry reuses those nothing has
 * changed since. `since`: per contact, a reason to read that no pending event carries (the
 * job's observedAt); `maxAgeMs`: older reads are read again; `marginMs`: events received this
 * long before a read still make it stale (clocks of other processes).
 */
export type ReadReuse = { since: ReadonlyMap<string, Date>; maxAgeMs: number; marginMs: number };

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
  o: ReadOptions & { reuse?: ReadReuse } = {},
): Promise<ReadEvidenceResult> {
  const reads = o.reuse && o.now ? keptReads(db, portalId, o.reuse, o.now) : undefined;
  const { records: contacts } = await readInBatches(ids, reads?.of('contact'), (batch) =>
    api.readContacts(portalId, batch, properties.contact),
  );
  const evidence = await withDeals(db, api, portalId, contacts, properties.deal, { ...o, reads });
  return { evidence, missing: ids.filter((id) => !evidence.has(id)) };
}

/**
 * `linksKnown`: contacts whose deal links deal_contacts holds in full (no association read);
 * `now`: the service's clock (the one that dates webhook receipts): without it, the read time
 * of deal links is not kept, nor are reads for a retry.
 */
export type ReadOptions = { linksKnown?: ReadonlySet<string>; now?: () => Date };

/** Reads that a job keeps (rememberReads) and reuses when still good (freshReads), per kind. */
export type KeptReads = { of(kind: ReadKind): ReadsOfKind };
type ReadsOfKind = {
  fresh(ids: string[]): Promise<Map<string, { record: HubSpotRecord; readAt: Date }>>;
  remember(records: HubSpotRecord[], readAt: Date): Promise<void>;
  now(): Date;
};

export function keptReads(db: Queryable, portalId: string, reuse: ReadReuse, now: () => Date): KeptReads {
  return {
    of: (kind) => ({
      fresh: (ids) =>
        freshReads(db, portalId, kind, ids, {
          notBefore: new Date(now().getTime() - reuse.maxAgeMs),
          marginMs: reuse.marginMs,
          since: kind === 'contact' ? reuse.since : undefined,
        }),
      remember: (records, readAt) => rememberReads(db, portalId, kind, records, readAt),
      now,
    }),
  };
}

/**
 * The records of `ids`, in calls of up to 100 for those without a good kept read; each call's
 * records are kept as soon as it answers, so a job that dies later has them. HubSpot leaves out
 * ids it does not know: a kept read never stands in for one of those. `oldestKept`: when the
 * oldest kept read that was reused was made (what was read is as old as that).
 */
async function readInBatches(
  ids: string[],
  reads: ReadsOfKind | undefined,
  read: (batch: string[]) => Promise<HubSpotRecord[]>,
): Promise<{ records: HubSpotRecord[]; oldestKept?: Date }> {
  const kept = reads ? await reads.fresh(ids) : new Map<string, { record: HubSpotRecord; readAt: Date }>();
  const toRead = ids.filter((id) => !kept.has(id));
  const records = [...kept.values()].map((k) => k.record);
  for (let i = 0; i < toRead.length; i += BATCH_LIMIT) {
    const readAt = reads?.now();
    const batch = await read(toRead.slice(i, i + BATCH_LIMIT));
    if (reads && readAt) await reads.remember(batch, readAt);
    records.push(...batch);
  }
  const times = [...kept.values()].map((k) => k.readAt.getTime());
  return { records, oldestKept: times.length > 0 ? new Date(Math.min(...times)) : undefined };
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
  { linksKnown = new Set(), now, reads }: ReadOptions & { reads?: KeptReads } = {},
): Promise<Map<string, StoredEvidence>> {
  const toRead = contacts.filter((c) => !linksKnown.has(c.id)).map((c) => c.id);
  const known = contacts.filter((c) => linksKnown.has(c.id)).map((c) => c.id);
  const links = new Map<string, string[]>();
  for (let i = 0; i < toRead.length; i += BATCH_LIMIT)
    for (const [id, dealIds] of await api.readAssociations(portalId, 'contacts', toRead.slice(i, i + BATCH_LIMIT)))
      links.set(id, dealIds);
  for (const [id, dealIds] of await loadDealLinks(db, portalId, known)) links.set(id, dealIds);
  const dealIds = [...new Set([...links.values()].flat())];
  // Taken before the first deal read is sent: a deal event received before it is in what we read.
  const startedAt = now?.();
  const read = await readInBatches(dealIds, reads?.of('deal'), (batch) =>
    api.readDeals(portalId, batch, dealProperties),
  );
  const deals = new Map<string, DealSnapshot>(read.records.map((d) => [d.id, d]));
  // A kept read reused is as old as when it was made (process-deals.ts relies on this time).
  const readAt = startedAt && read.oldestKept && read.oldestKept < startedAt ? read.oldestKept : startedAt;
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
