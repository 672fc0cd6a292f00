import type { BackfillStatus } from '@journey-stages/contract/settings-schema';
import type { Db, Queryable } from '../store/db.ts';
import type { Job } from '../queue/job.ts';
import { TASKS } from '../queue/tasks.ts';
import { enqueue } from '../queue/sql/enqueue.ts';
import { deriveAndWrite, propertiesFor } from './derive-and-write.ts';
import type { SyncDeps } from './sync-deps.ts';
import { withDeals } from './read-evidence.ts';
import { recordSegmentValues } from './record-segment-values.ts';
import { advanceBackfill, loadBackfill, resetBackfill, saveBackfillTotal } from '../store/backfills.ts';
import { erasedAmong } from '../store/contact-lifecycle.ts';

/**
 * Starts (or restarts from the beginning) a portal's backfill: every existing contact
 * is derived and written, one page of 100 per job. The next page is enqueued only when
 * a page is done, under one key per portal, so a portal's backfill never runs twice in
 * parallel and resumes where it was after a crash.
 */
export async function startBackfill(db: Db, portalId: string, now: Date): Promise<void> {
  await db.transaction((tx) => queueBackfill(tx, portalId, now));
}

/** startBackfill inside the caller's transaction (a settings change stores its model in the same one). */
export async function queueBackfill(tx: Queryable, portalId: string, now: Date): Promise<void> {
  await resetBackfill(tx, portalId, now);
  await enqueue(tx, [{ portalId, task: TASKS.backfillPage, key: 'backfill', payload: { first: true } }], now);
}

/**
 * One page: list 100 contacts with the model's properties (1 call), their deal
 * associations (1 call), those deals (1 call), then derive and write (1 call). History
 * comes from HubSpot's own dates (lifecycle stage dates, deal close dates), so the first
 * timeline a rep opens shows the past, not "installed today".
 */
export async function processBackfillPage(deps: SyncDeps, jobs: Job[]): Promise<void> {
  for (const job of jobs) {
    const { db, api, now } = deps;
    const portalId = job.portalId;
    const row = await loadBackfill(db, portalId);
    if (!row || row.finishedAt !== null) continue; // finished or never started
    if (row.total === null) await saveBackfillTotal(db, portalId, await api.countContacts(portalId));
    // A backfill is how a model change reaches every contact: read the model committed with
    // it, not one cached before the change (this process or another).
    deps.modelFor.forget?.(portalId);
    const model = await deps.modelFor(portalId);
    const properties = propertiesFor(model);
    const page = await api.listContacts(portalId, properties.contact, row.cursor ?? undefined);
    const ids = page.records.map((r) => r.id);
    const skip = await erasedAmong(db, portalId, ids);
    const evidence = await withDeals(
      db,
      api,
      portalId,
      page.records.filter((r) => !skip.has(r.id)),
      properties.deal,
    );
    const observedAt = now();
    const seen = [...evidence].map(([contactId, ev]) => ({ contactId, properties: ev.contact.properties, observedAt }));
    await recordSegmentValues(db, portalId, seen);
    await deriveAndWrite(
      deps,
      portalId,
      [...evidence].map(([contactId, ev]) => ({ contactId, evidence: ev, observedAt })),
    );
    const done = row.done + ids.length;
    deps.log.info(
      { portalId, done, total: row.total, page: ids.length },
      page.after ? 'backfill page done' : 'backfill finished',
    );
    deps.metrics?.backfillContacts.inc(ids.length);
    await db.transaction(async (tx) => {
      // Only if the backfill was not restarted meanwhile (a model change during this page):
      // the restarted one has its own pending job, and must not be marked done by this page.
      const moved = await advanceBackfill(tx, portalId, {
        startedAt: row.startedAt,
        contacts: ids.length,
        after: page.after ?? null,
        now: now(),
      });
      if (moved && page.after) await enqueue(tx, [{ portalId, task: TASKS.backfillPage, key: 'backfill' }], now());
    });
  }
}

export async function backfillStatus(db: Db, portalId: string, now: Date): Promise<BackfillStatus | null> {
  const row = await loadBackfill(db, portalId);
  if (!row) return null;
  const started = row.startedAt.getTime();
  const end = row.finishedAt ? row.finishedAt.getTime() : now.getTime();
  const rate = row.done / Math.max(1, (end - started) / 1000);
  const left = row.total === null ? null : Math.max(0, row.total - row.done);
  return {
    portalId,
    state: row.finishedAt ? 'done' : 'running',
    done: row.done,
    total: row.total,
    startedAt: new Date(started).toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
    contactsPerSecond: Math.round(rate * 10) / 10,
    expectedEndAt: row.finishedAt
      ? row.finishedAt.toISOString()
      : left !== null && rate > 0
        ? new Date(now.getTime() + (left / rate) * 1000).toISOString()
        : null,
  };
}
