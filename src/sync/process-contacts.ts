import type { Job } from '../queue/job.ts';
import { loadPendingEvents, markProcessed } from '../store/pending-events.ts';
import { loadContacts } from '../store/contact-store.ts';
import { applyContactLifecycle } from './apply-contact-lifecycle.ts';
import { readEvidence } from './read-evidence.ts';
import { deriveAndWrite, propertiesFor } from './derive-and-write.ts';
import { BATCH_LIMIT } from './hubspot-api.ts';
import type { SyncDeps } from './sync-deps.ts';

/**
 * Task 'contact-changed': up to 100 contacts of one portal with pending events. Reads
 * their current state from HubSpot in three batch calls (webhooks only say that
 * something changed), derives, writes what changed, then marks the events processed.
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
    await db.query(`delete from webhook_events where portal_id = $1 and object_type = 'contact' and object_id = any($2::text[])`, [portalId, [...never]]);

  const stored = await loadContacts(db, portalId, ids);
  const targets = [...new Set([...ids, ...lifecycle.derive])].filter(
    (id) => !never.has(id) && !lifecycle.skip.has(id) && !(stored.get(id)?.deleted && !lifecycle.derive.has(id)),
  );

  // The latest event of a contact dates what we read now, whatever the processing delay.
  const observed = new Map<string, number>();
  for (const j of jobs) if (typeof j.payload.observedAt === 'string') observed.set(j.key, Date.parse(j.payload.observedAt));
  for (const e of events) observed.set(e.objectId, Math.max(observed.get(e.objectId) ?? 0, e.occurredAt));

  const properties = propertiesFor(model);
  for (let i = 0; i < targets.length; i += BATCH_LIMIT) {
    const chunk = targets.slice(i, i + BATCH_LIMIT);
    const { evidence, missing } = await readEvidence(db, deps.api, portalId, chunk, properties);
    if (missing.length > 0)
      await db.query('update contacts set deleted = true where portal_id = $1 and contact_id = any($2::text[])', [portalId, missing]);
    const inputs = [...evidence].map(([contactId, ev]) => ({
      contactId,
      evidence: ev,
      observedAt: new Date(observed.get(contactId) ?? now().getTime()),
    }));
    await deriveAndWrite(deps, portalId, inputs);
  }
  await markProcessed(db, portalId, events.filter((e) => !never.has(e.objectId)).map((e) => e.dedupeKey), now());
}
