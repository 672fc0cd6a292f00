import { DONE_SINCE, type Job } from '../queue/job.ts';
import { contactsWithDealsReadSince } from '../store/deal-links.ts';
import { contactsForTheNextClaim, HELD_ONCE } from './next-claim.ts';
import { enqueue } from '../queue/sql/enqueue.ts';
import { TASKS } from '../queue/tasks.ts';
import { loadPendingEvents, markProcessed } from '../store/pending-events.ts';
import { loadContacts, seenBefore } from '../store/contact-store.ts';
import { dropEventsOfErased, erasedAmong, markContactsMissing } from '../store/contact-lifecycle.ts';
import { applyContactLifecycle } from './apply-contact-lifecycle.ts';
import { keptReads, readEvidence, type ReadReuse } from './read-evidence.ts';
import { recordSegmentValues, segmentChangeTimes } from './record-segment-values.ts';
import { deriveAndWrite, propertiesFor } from './derive-and-write.ts';
import { BATCH_LIMIT } from './hubspot-api.ts';
import { CLOCK_MARGIN_MS } from './process-deals.ts';
import { forgetReads, linksNotedKnown, markChanged, noteLinksKnown } from '../store/hubspot-reads.ts';
import type { SyncDeps } from './sync-deps.ts';
import type { Queryable } from '../store/db.ts';
import type { PendingEvent } from '../store/pending-events.ts';

/** How old a read kept for a retry may be (docs/performance.md, "Reads a retry reuses"). */
export const KEPT_READ_MAX_AGE_MS = 10 * 60_000;

/**
 * Task 'contact-changed': contacts of one portal with pending events (up to CONTACT_CLAIM per
 * claim). Reads their current state from HubSpot in batch calls of 100 (webhooks only say
 * that something changed), derives, writes what changed, then marks the events processed.
 * Events are marked last, so a crash anywhere before means the retry does it all again,
 * and doing it again changes nothing; what it read is kept until then (hubspot_reads), so the
 * retry reads again only what changed since.
 */
export async function processContacts(deps: SyncDeps, jobs: Job[]): Promise<void> {
  const portalId = jobs[0]!.portalId;
  const { db, now } = deps;
  const ids = jobs.map((j) => j.key);
  const events = await loadPendingEvents(db, portalId, 'contact', ids);
  const model = await deps.modelFor(portalId);
  const lifecycle = await applyContactLifecycle(db, portalId, events, now(), model);

  const never = await erasedAmong(db, portalId, [...ids, ...lifecycle.derive]);
  if (never.size > 0) await dropEventsOfErased(db, portalId, [...never]);

  const stored = await loadContacts(db, portalId, ids);
  const done = await doneSinceTheirDealEvents(db, portalId, jobs, events, lifecycle.derive);
  const targets = [...new Set([...ids, ...lifecycle.derive])].filter(
    (id) =>
      !never.has(id) &&
      !lifecycle.skip.has(id) &&
      !done.has(id) &&
      !(stored.get(id)?.deleted && !lifecycle.derive.has(id)),
  );

  // A job's own reason to read that no pending event carries (a reconciliation's observed change,
  // a deal's event): it dates the read, and a read kept from before it is not reused.
  const since = new Map(
    jobs.flatMap((j) => (typeof j.payload.observedAt === 'string' ? [[j.key, new Date(j.payload.observedAt)]] : [])),
  );
  // The latest event of a contact dates what we read now, whatever the processing delay.
  const observed = new Map([...since].map(([id, at]) => [id, at.getTime()]));
  for (const e of events) observed.set(e.objectId, Math.max(observed.get(e.objectId) ?? 0, e.occurredAt));

  const properties = propertiesFor(model);
  const linksKnown = await linksKnownFor(
    db,
    portalId,
    targets.filter((id) => !lifecycle.derive.has(id)),
    events,
  );
  // Before anything of them is stored: a retry of this work (after a kill between two batches)
  // finds their stage and timeline stored, by this try, and trusts the links still.
  await noteLinksKnown(db, portalId, [...linksKnown], now());
  // The contacts whose deals would make a last part batch go to the next claim, when one is
  // queued: handed to a new job of their own (their events stay pending), so nothing is lost if
  // this one ends or dies first.
  const movable = new Set(jobs.filter((j) => linksKnown.has(j.key) && !j.payload[HELD_ONCE]).map((j) => j.key));
  const reuse: ReadReuse = { since, maxAgeMs: KEPT_READ_MAX_AGE_MS, marginMs: CLOCK_MARGIN_MS };
  const kept = keptReads(db, portalId, reuse, now);
  const later = await contactsForTheNextClaim(db, portalId, { targets, linksKnown, movable, kept });
  if (later.size > 0)
    await enqueue(
      db,
      jobs
        .filter((j) => later.has(j.key))
        .map((j) => ({
          portalId,
          task: TASKS.contactChanged,
          key: j.key,
          payload: { ...j.payload, [HELD_ONCE]: true },
        })),
      now(),
    );
  const reading = targets.filter((id) => !later.has(id));
  // One read for the whole claim (contacts and associations per 100, the deals of all of them
  // per 100), then derivations and writes per 100: a burst's deals are read in full batches.
  const { evidence, missing } = await readEvidence(db, deps.api, portalId, reading, properties, {
    linksKnown,
    now,
    reuse,
  });
  if (missing.length > 0) await markContactsMissing(db, portalId, missing);
  const inputs = [...evidence].map(([contactId, ev]) => ({
    contactId,
    evidence: ev,
    observedAt: new Date(observed.get(contactId) ?? now().getTime()),
  }));
  for (let i = 0; i < inputs.length; i += BATCH_LIMIT) {
    const chunk = inputs.slice(i, i + BATCH_LIMIT);
    const read = new Map(chunk.map((c) => [c.contactId, c.evidence.contact.properties]));
    const seen = chunk.map((c) => ({ ...c, properties: c.evidence.contact.properties }));
    await recordSegmentValues(db, portalId, seen, segmentChangeTimes(events, read));
    await deriveAndWrite(deps, portalId, chunk);
  }
  const processed = events.filter((e) => !never.has(e.objectId) && !later.has(e.objectId)).map((e) => e.dedupeKey);
  await db.transaction(async (tx) => {
    // Another claim's read of these contacts (one whose lease ran out) may predate these events.
    await markChanged(tx, portalId, processed);
    await markProcessed(tx, portalId, processed, now());
    await forgetReads(tx, portalId, 'contact', reading);
    await forgetReads(tx, portalId, 'deal', [
      ...new Set([...evidence.values()].flatMap((ev) => ev.deals.map((d) => d.id))),
    ]);
  });
}

/**
 * The contacts that only deal events sent here (a job carrying DONE_SINCE, process-deals.ts,
 * with no event of the contact itself and no merge to follow) and whose every deal a
 * derivation read after those events were received: their stage already reflects them, so
 * they cost no read and no write. Typical in a burst: the deal job ran while the contact's
 * first job, claimed and waiting for rate budget, had not read its deals yet.
 */
async function doneSinceTheirDealEvents(
  db: Queryable,
  portalId: string,
  jobs: Job[],
  events: PendingEvent[],
  derive: ReadonlySet<string>,
): Promise<Set<string>> {
  const withEvents = new Set(events.map((e) => e.objectId));
  const candidates = jobs.flatMap((j) => {
    const since = j.payload[DONE_SINCE];
    return typeof since === 'string' && !withEvents.has(j.key) && !derive.has(j.key)
      ? [{ contactId: j.key, since: new Date(since) }]
      : [];
  });
  return contactsWithDealsReadSince(db, portalId, candidates);
}

/**
 * The contacts whose deal links we already hold in full, so the association read can be
 * skipped (a burst of new contacts costs 2 calls per 100, not 3). A contact qualifies
 * only when all of these hold:
 *  - a creation event of it is among the events processed now: it did not exist before, so
 *    every association it has was made at or after its creation, and HubSpot sends an
 *    association event for each (we subscribe to contact associationChange); the intake stores
 *    those links in deal_contacts as it stores the events (store-batch.ts rememberDealLinks);
 *  - none of its events now is a merge, restore, deletion, association removal or an
 *    association naming an object type we do not recognise (a link we would hold wrongly, or
 *    links that came from other records);
 *  - nothing of it was ever stored before: no contacts row, no timeline entries, not the
 *    survivor of a merge (contact_aliases), no processed event. Anything of that kind means an
 *    earlier job or a merge saw it, and what it holds may be out of date. A contacts row and
 *    timeline entries stored by an unfinished try of these same events do not count: that try
 *    found the links known before it stored anything and noted it (noteLinksKnown, kept until
 *    the contact's events are processed), and a retry after a kill would otherwise read the
 *    associations of every contact the dead try had written;
 *  - no event from a deal's side (deal -> contact association, added or removed, pending or
 *    processed) names it: the intake stores links from the contact's side only, and a deal job
 *    reads associations only for deals it does not know, so such a link may be missing.
 * An association made after the burst, or whose event arrives late, is an event of its own: it
 * makes a new job, and that job reads (the contact now has a row), as a read made before the
 * association would have missed it too. Everyone else is read as before. Assumed, not stated
 * by HubSpot in so many words: associations given in the create call itself are reported as
 * association events too (docs/decisions/0001-skip-association-read-when-links-known.md).
 */
export async function linksKnownFor(
  db: Queryable,
  portalId: string,
  ids: string[],
  events: PendingEvent[],
): Promise<Set<string>> {
  const created = new Set<string>();
  const doubtful = new Set<string>();
  for (const e of events) {
    if (e.kind === 'creation') created.add(e.objectId);
    else if (e.kind === 'merge')
      for (const id of [e.objectId, e.primaryObjectId, e.newObjectId, ...e.mergedObjectIds]) doubtful.add(id);
    else if (e.kind === 'restore' || e.kind === 'deletion' || e.kind === 'privacyDeletion') doubtful.add(e.objectId);
    else if (e.kind === 'associationChange' && (e.associationRemoved || e.toObjectType === null))
      doubtful.add(e.objectId);
  }
  const candidates = ids.filter((id) => created.has(id) && !doubtful.has(id));
  if (candidates.length === 0) return new Set();
  const before = await seenBefore(db, portalId, candidates, await linksNotedKnown(db, portalId, candidates));
  return new Set(candidates.filter((id) => !before.has(id)));
}
