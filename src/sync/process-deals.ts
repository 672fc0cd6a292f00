import type { Job } from '../queue/job.ts';
import { enqueue } from '../queue/sql/enqueue.ts';
import { loadPendingEvents, markProcessed } from '../store/pending-events.ts';
import { TASKS } from '../queue/tasks.ts';
import type { SyncDeps } from './sync-deps.ts';
import {
  contactsOfDeals,
  contactsReadSinceDealEvents,
  plainDealEventsReceivedBy,
  storeDealLinks,
} from '../store/deal-links.ts';
import { markChanged } from '../store/hubspot-reads.ts';
import { DONE_SINCE } from '../queue/job.ts';

/**
 * How far apart two processes' clocks may be (one dates a webhook's receipt, another a read):
 * a deal read counts as after an event only by this much more.
 */
export const CLOCK_MARGIN_MS = 250;

/**
 * Task 'deal-changed': a deal event matters to the contacts associated with the deal.
 * The links we stored answer that, even after the deal is deleted; only deals we have
 * never seen cost one batch call to HubSpot's associations. The contacts then get a
 * coalesced 'contact-changed' job, which reads the deal's current state, unless their last
 * derivation read the deal after these events were received (docs/performance.md).
 */
export async function processDeals(deps: SyncDeps, jobs: Job[]): Promise<void> {
  const portalId = jobs[0]!.portalId;
  const { db, now } = deps;
  const dealIds = jobs.map((j) => j.key);
  const events = await loadPendingEvents(db, portalId, 'deal', dealIds);

  const known = await contactsOfDeals(db, portalId, dealIds);
  const contacts = new Set([...known.values()].flat());
  // A contact whose derivation read these deals after their events arrived (a burst's deal
  // events often land in the request after their contact's) already has its stage from them.
  const current = await contactsReadSinceDealEvents(db, portalId, [...known.keys()], CLOCK_MARGIN_MS);
  for (const id of current) contacts.delete(id);
  const seen = new Set(known.keys());
  // A new deal reaches its contacts through the association events HubSpot sends with it
  // (contact.associationChange, handled as contact work): no lookup is needed for a deal
  // whose creation is among its pending events.
  const created = new Set(events.filter((e) => e.kind === 'creation').map((e) => e.objectId));
  const unknown = dealIds.filter((id) => !seen.has(id) && !created.has(id));
  if (unknown.length > 0) {
    const links = await deps.api.readAssociations(portalId, 'deals', unknown);
    for (const cs of links.values()) for (const c of cs) contacts.add(c);
    await storeDealLinks(db, portalId, links, 'deal');
  }
  // A contact whose job is running now may read these deals after their events (a claim
  // waiting for rate budget): its new job is done once such a read is stored (DONE_SINCE,
  // process-contacts.ts). Only creations and property changes allow it.
  const receivedBy = await plainDealEventsReceivedBy(db, portalId, dealIds);
  const doneSince =
    receivedBy === null ? {} : { [DONE_SINCE]: new Date(receivedBy.getTime() + CLOCK_MARGIN_MS).toISOString() };
  await db.transaction(async (tx) => {
    // The deal event's time dates what the contact job will read (e.g. a regression when a won deal is deleted).
    const observedAt = new Date(Math.max(0, ...events.map((e) => e.occurredAt))).toISOString();
    const payload = events.length > 0 ? { observedAt, ...doneSince } : {};
    await enqueue(
      tx,
      [...contacts].map((id) => ({ portalId, task: TASKS.contactChanged, key: id, payload })),
      now(),
    );
    // A contact job's kept read of these deals (src/store/hubspot-reads.ts) may predate them.
    await markChanged(
      tx,
      portalId,
      events.map((e) => e.dedupeKey),
    );
    await markProcessed(
      tx,
      portalId,
      events.map((e) => e.dedupeKey),
      now(),
    );
  });
}
