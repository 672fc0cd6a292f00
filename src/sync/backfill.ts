import type { BackfillStatus } from '@journey-stages/contract/settings-schema';
import type { Db, Queryable } from '../store/db.ts';
import type { Job } from '../queue/job.ts';
import { TASKS } from '../queue/tasks.ts';
import { enqueue } from '../queue/sql/enqueue.ts';
import { deriveAndWrite, propertiesFor } from './derive-and-write.ts';
import type { SyncDeps } from './sync-deps.ts';
import { withDeals } from './read-evidence.ts';
import { recordSegmentValues } from './record-segment-values.ts';
import {
  advanceBackfill,
  type BackfillRow,
  loadBackfill,
  resetBackfill,
  saveBackfillTotal,
} from '../store/backfills.ts';
import { erasedAmong } from '../store/contact-lifecycle.ts';
import { noteNewStays } from './note-new-stays.ts';

/**
 * Starts (or restarts from the beginning) a portal's backfill: every existing contact
 * is derived and written, in pages of 100, by jobs that each page for a few seconds. The
 * next job is enqueued only when one stops with pages left, under one key per portal, so a
 * portal's backfill never runs twice in parallel and resumes where it was after a crash.
 */
export async function startBackfill(db: Db, portalId: string, now: Date): Promise<void> {
  await db.transaction((tx) => queueBackfill(tx, portalId, now));
}

/** startBackfill inside the caller's transaction (a settings change stores its model in the same one). */
export async function queueBackfill(tx: Queryable, portalId: string, now: Date): Promise<void> {
  await resetBackfill(tx, portalId, now);
  await enqueue(tx, [{ portalId, task: TASKS.backfillPage, key: 'backfill' }], now);
}

/** How long one job keeps paging before a new job takes over (a shutdown waits for at most one more page). */
const JOB_PAGING_MS = 5_000;

type ContactPage = {
  records: Array<{ id: string; properties: Record<string, string | null> }>;
  after?: string | undefined;
};

/**
 * Pages of 100: list the contacts with the model's properties (1 call), their deal
 * associations (1 call), those deals (1 call), then derive and write (1 call). History
 * comes from HubSpot's own dates (lifecycle stage dates, deal close dates), so the first
 * timeline a rep opens shows the past, not "installed today". A job pages for JOB_PAGING_MS
 * and reads the next page while it derives and writes this one, so the backfill's calls
 * are not held up by its database work (docs/performance.md, "Backfill"); each page's
 * progress is committed on its own, so a crash resumes after the last page done.
 */
export async function processBackfillPage(deps: SyncDeps, jobs: Job[], signal?: AbortSignal): Promise<void> {
  for (const job of jobs) await backfillPages(deps, job.portalId, signal);
}

async function backfillPages(deps: SyncDeps, portalId: string, signal: AbortSignal | undefined): Promise<void> {
  const { db, api, now } = deps;
  const row = await loadBackfill(db, portalId);
  if (!row || row.finishedAt !== null) return; // finished or never started
  if (row.total === null) await saveBackfillTotal(db, portalId, await api.countContacts(portalId));
  // A backfill is how a model change reaches every contact: read the model committed with
  // it, not one cached before the change (this process or another).
  deps.modelFor.forget?.(portalId);
  const model = await deps.modelFor(portalId);
  const progress = { done: row.done, moves: 0 };
  try {
    await pageOn(deps, portalId, row, propertiesFor(model), progress, signal);
  } finally {
    // The movers of all of this job's pages count towards the next threshold computation
    // together: one computation per job, not one per page racing the next page's writes, so
    // the health rewrites it causes do not depend on timing (docs/health.md).
    await noteNewStays(db, portalId, model.id, progress.moves, now());
  }
}

/** Pages from the stored cursor for JOB_PAGING_MS, reading each next page while this one is written. */
async function pageOn(
  deps: SyncDeps,
  portalId: string,
  row: BackfillRow,
  properties: { contact: string[]; deal: string[] },
  progress: { done: number; moves: number },
  signal: AbortSignal | undefined,
): Promise<void> {
  const { db, api, now } = deps;
  const began = Date.now();
  let page: ContactPage = await api.listContacts(portalId, properties.contact, row.cursor ?? undefined);
  for (;;) {
    const more = page.after !== undefined && Date.now() - began < JOB_PAGING_MS && signal?.aborted !== true;
    const next = more ? api.listContacts(portalId, properties.contact, page.after) : undefined;
    // Awaited below; until then a failure must not count as unhandled.
    next?.catch(() => {});
    progress.moves += await backfillOnePage(deps, portalId, page, properties);
    progress.done += page.records.length;
    deps.log.info(
      { portalId, done: progress.done, total: row.total, page: page.records.length },
      page.after ? 'backfill page done' : 'backfill finished',
    );
    deps.metrics?.backfillContacts.inc(page.records.length);
    const after = page.after ?? null;
    const moved = await db.transaction(async (tx) => {
      // Only if the backfill was not restarted meanwhile (a model change during this page):
      // the restarted one has its own pending job, and must not be marked done by this page.
      const moved = await advanceBackfill(tx, portalId, {
        startedAt: row.startedAt,
        contacts: page.records.length,
        after,
        now: now(),
      });
      if (moved && after !== null && next === undefined)
        await enqueue(tx, [{ portalId, task: TASKS.backfillPage, key: 'backfill' }], now());
      return moved;
    });
    // A restart meanwhile drops the page read ahead: the restarted backfill reads its own.
    if (!moved || next === undefined) return;
    page = await next;
  }
}

/** Derives and writes one page's contacts (erased ones left out), with their deals and segment values; answers the moves forward. */
async function backfillOnePage(
  deps: SyncDeps,
  portalId: string,
  page: ContactPage,
  properties: { contact: string[]; deal: string[] },
): Promise<number> {
  const { db, api, now } = deps;
  const skip = await erasedAmong(
    db,
    portalId,
    page.records.map((r) => r.id),
  );
  const evidence = await withDeals(
    db,
    api,
    portalId,
    page.records.filter((r) => !skip.has(r.id)),
    properties.deal,
    { now },
  );
  const observedAt = now();
  const seen = [...evidence].map(([contactId, ev]) => ({ contactId, properties: ev.contact.properties, observedAt }));
  await recordSegmentValues(db, portalId, seen);
  const written = await deriveAndWrite(
    deps,
    portalId,
    [...evidence].map(([contactId, ev]) => ({ contactId, evidence: ev, observedAt })),
    { noteStays: false },
  );
  return written.moves;
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
