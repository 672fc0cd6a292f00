import type { Job } from '../queue/job.ts';
import { loadPendingEvents, markProcessed } from '../store/pending-events.ts';
import { loadContacts } from '../store/contact-store.ts';
import { applyContactLifecycle } from './apply-contact-lifecycle.ts';
import { readEvidence } from './read-evidence.ts';
import { recordSegmentValues, segmentChangeTimes } from './record-segment-values.ts';
import { deriveAndWrite, propertiesFor } from './derive-and-write.ts';
import { BATCH_LIMIT } from './hubspot-api.ts';
import type { SyncDeps } from './sync-deps.ts';
import type { Queryable } from '../store/db.ts';
import type { PendingEvent } from '../store/pending-events.ts';

/**
 * Task 'contact-changed': contacts of one portal with pending events (up to CONTACT_CLAIM per
 * claim). Reads their current state from HubSpot in batch calls of 100 (webhooks only say
 * that something changed), derives, writes what changed, then marks the events processed.
 * Events are marked last, so a crash anywhere before means the retry does it all again,
 * and doing it again changes nothing.
 */
export async function processContacts(deps: SyncDeps, jobs: Job[]): Promise<void> {
  const portalId = jobs[0]!.portalId;
  const { db, now } = deps;
  const ids = jobs.map((j) => j.key);
  const events = await loadPendingEvents(db, portalId, 'contact', ids);
  const model = await deps.modelFor(portalId);
  const lifecycle = await applyContactLifecycle(db, portalId, events, now(), model);

  const erased = await db.query<{ contact_id: string }>(
    'select contact_id from erased_contacts where portal_id = $1 and contact_id = any($2::text[])',
    [portalId, [...ids, ...lifecycle.derive]],
  );
  const never = new Set(erased.rows.map((r) => r.contact_id));
  if (never.size > 0)
    await db.query(
      `delete from webhook_events where portal_id = $1 and object_type = 'contact' and object_id = any($2::text[])`,
      [portalId, [...never]],
    );

  const stored = await loadContacts(db, portalId, ids);
  const targets = [...new Set([...ids, ...lifecycle.derive])].filter(
    (id) => !never.has(id) && !lifecycle.skip.has(id) && !(stored.get(id)?.deleted && !lifecycle.derive.has(id)),
  );

  // The latest event of a contact dates what we read now, whatever the processing delay.
  const observed = new Map<string, number>();
  for (const j of jobs)
    if (typeof j.payload.observedAt === 'string') observed.set(j.key, Date.parse(j.payload.observedAt));
  for (const e of events) observed.set(e.objectId, Math.max(observed.get(e.objectId) ?? 0, e.occurredAt));

  const properties = propertiesFor(model);
  const linksKnown = await linksKnownFor(
    db,
    portalId,
    targets.filter((id) => !lifecycle.derive.has(id)),
    events,
  );
  // One read for the whole claim (contacts and associations per 100, the deals of all of them
  // per 100), then derivations and writes per 100: a burst's deals are read in full batches.
  const { evidence, missing } = await readEvidence(db, deps.api, portalId, targets, properties, linksKnown, now);
  if (missing.length > 0)
    await db.query('update contacts set deleted = true where portal_id = $1 and contact_id = any($2::text[])', [
      portalId,
      missing,
    ]);
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
  await markProcessed(
    db,
    portalId,
    events.filter((e) => !never.has(e.objectId)).map((e) => e.dedupeKey),
    now(),
  );
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
 *    earlier job or a merge saw it, and what it holds may be out of date;
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
  const seen = await db.query<{ id: string }>(
    `select x.id from unnest($2::text[]) as x(id)
      where exists (select 1 from contacts c where c.portal_id = $1 and c.contact_id = x.id)
         or exists (select 1 from timeline_entries t where t.portal_id = $1 and t.contact_id = x.id)
         or exists (select 1 from contact_aliases a where a.portal_id = $1 and a.new_id = x.id)
         or exists (select 1 from webhook_events w where w.portal_id = $1 and w.object_type = 'contact' and w.object_id = x.id and w.processed_at is not null)
         or exists (select 1 from webhook_events d where d.portal_id = $1 and (d.payload->>'toObjectId') = x.id
                       and d.object_type = 'deal' and d.kind = 'associationChange')`,
    [portalId, candidates],
  );
  const before = new Set(seen.rows.map((r) => r.id));
  return new Set(candidates.filter((id) => !before.has(id)));
}
