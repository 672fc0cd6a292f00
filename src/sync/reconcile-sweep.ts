import type { Job } from '../queue/job.ts';
import type { Queryable } from '../store/db.ts';
import { TASKS } from '../queue/tasks.ts';
import { enqueue } from '../queue/sql/enqueue.ts';
import { loadContacts } from '../store/contact-store.ts';
import { erasedAmong } from '../store/contact-lifecycle.ts';
import { contactsOfDeals, storeDealLinks } from '../store/deal-links.ts';
import { finishSweep, loadReconcileCursor, saveSweepPosition, type SweepPosition } from '../store/reconcile-cursors.ts';
import { LAST_MODIFIED, SEARCH_PAGE_LIMIT, SEARCH_RESULT_CAP, type HubSpotRecord } from './hubspot-api.ts';
import { propertiesFor } from './derive-and-write.ts';
import { contactsWithStaleDeals, staleContacts } from './stale-contacts.ts';
import type { SyncDeps } from './sync-deps.ts';
import { coerceError } from '../coerce-error.ts';
import { HubSpotError } from './hubspot-error.ts';
import { PortalInactiveError } from './token-provider.ts';

export const DEFAULT_RECONCILE_INTERVAL_MS = 900_000;

/**
 * Each sweep reads again the last minute of the one before: HubSpot's search index trails a
 * write by seconds, so a record changed just before a sweep's end may only be found later.
 * Records read twice compare equal and cost nothing but their place on the page.
 */
export const SWEEP_OVERLAP_MS = 60_000;

const SWEEP_KEY = 'sweep';

/**
 * HubSpot's search has its own limit, about five requests a second per account, and a 429 from
 * it would mark the whole budget spent for webhooks too: a sweep's pages are at least this far apart.
 */
const SEARCH_SPACING_MS = 250;

/** The portals' sweep jobs at `runAt` (coalesced with pending ones: the earlier time wins). */
export async function scheduleReconcile(
  db: Queryable,
  portalIds: string | readonly string[],
  runAt: Date,
  now: Date,
): Promise<void> {
  const ids = typeof portalIds === 'string' ? [portalIds] : portalIds;
  await enqueue(
    db,
    ids.map((portalId) => ({ portalId, task: TASKS.reconcile, key: SWEEP_KEY, runAt })),
    now,
  );
}

/**
 * Task 'reconcile' (docs/reconciliation.md): one search page of a portal's sweep. The sweep
 * reads the contacts, then the deals, HubSpot changed since the last sweep, compares them with
 * what we derived from, and gives each contact whose derivation is out of date a
 * 'contact-changed' job: the same path a webhook takes. The page's jobs and the cursor move in
 * one transaction, so a crash resumes at the page it was on. A finished sweep schedules the
 * next one an interval after it started.
 */
export async function processReconcile(deps: SyncDeps, jobs: Job[]): Promise<void> {
  for (const job of jobs) {
    try {
      await sweepPage(deps, job.portalId);
    } catch (err) {
      // An uninstalled portal's sweeps end; a 429 waits for its window without using up an attempt.
      if (err instanceof PortalInactiveError || (err instanceof HubSpotError && err.status === 429)) throw err;
      // Anything else (HubSpot down, a scope missing, a stored row that no longer parses) would use up
      // the job's attempts and end the portal's sweeps in the dead-letter state: the page is tried
      // again later from the same cursor instead, a minute later for a fault that may pass.
      const e = coerceError(err);
      const retryable = err instanceof HubSpotError && err.retryable;
      const intervalMs = deps.reconcileIntervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS;
      const delayMs = retryable ? Math.min(intervalMs, RETRY_AFTER_FAULT_MS) : intervalMs;
      deps.log.error(
        { portalId: job.portalId, err: e.message, retryInMs: delayMs },
        'reconciliation page failed; it is tried again from the same place',
      );
      await scheduleReconcile(deps.db, job.portalId, new Date(deps.now().getTime() + delayMs), deps.now());
    }
  }
}

/** How soon a page that failed on a fault that may pass (a 5xx, a timeout) is tried again. */
const RETRY_AFTER_FAULT_MS = 60_000;

async function sweepPage(deps: SyncDeps, portalId: string): Promise<void> {
  const { db, now } = deps;
  const intervalMs = deps.reconcileIntervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS;
  const cursor = await loadReconcileCursor(db, portalId);
  const at = cursor?.sweep ?? newSweep(cursor?.sweptUntil ?? null, now(), intervalMs);
  const model = await deps.modelFor(portalId);
  const properties = propertiesFor(model);
  const names = at.phase === 'contacts' ? properties.contact : properties.deal;
  const page = await deps.api.searchModified(portalId, at.phase, {
    from: at.position,
    until: at.until,
    skip: at.skip,
    limit: SEARCH_PAGE_LIMIT,
    properties: names,
  });
  const compared = names.filter((n) => n !== LAST_MODIFIED[at.phase]);
  const stale =
    at.phase === 'contacts'
      ? await staleOfContacts(deps, portalId, page.records, compared)
      : await staleOfDeals(deps, portalId, page.records, compared);
  const next = nextPosition(at, page.records);
  await db.transaction(async (tx) => {
    // Contact and deal ids are separate spaces: only a contacts page dates its contacts.
    const lastModified = (id: string) =>
      at.phase === 'contacts' ? page.records.find((r) => r.id === id)?.properties.lastmodifieddate : undefined;
    await enqueue(
      tx,
      stale.map((id) => ({
        portalId,
        task: TASKS.contactChanged,
        key: id,
        // A contact's change dates what its job reads; a deal's contacts are dated by this read.
        payload: { observedAt: observedAt(lastModified(id) ?? null, now()) },
      })),
      now(),
    );
    if (next !== null) {
      await saveSweepPosition(tx, portalId, next, now());
      await scheduleReconcile(tx, portalId, new Date(now().getTime() + SEARCH_SPACING_MS), now());
    } else {
      await saveSweepPosition(tx, portalId, at, now());
      await finishSweep(tx, portalId, at.until, now());
      await scheduleReconcile(tx, portalId, new Date(at.startedAt.getTime() + intervalMs), now());
    }
  });
  deps.metrics?.reconciledContacts.inc(stale.length);
  const summary = { portalId, phase: at.phase, read: page.records.length, stale: stale.length, done: next === null };
  // Stale contacts mean webhooks missed something: worth an info line; a quiet page is debug.
  if (stale.length > 0) deps.log.info(summary, 'reconciliation found contacts webhooks missed; re-deriving them');
  else deps.log.debug(summary, 'reconciliation page done');
}

/** A new sweep reads from where the last ended (less the overlap); the first looks one interval back. */
function newSweep(sweptUntil: Date | null, now: Date, intervalMs: number): SweepPosition {
  const from = sweptUntil === null ? now.getTime() - intervalMs : sweptUntil.getTime() - SWEEP_OVERLAP_MS;
  return {
    phase: 'contacts',
    startedAt: now,
    from: new Date(from),
    until: now,
    position: new Date(from),
    skip: 0,
  };
}

/**
 * Where the next page starts, or null when the sweep is done. Pages are keyed on the
 * last-modified date (the next page starts at the last one read, skipping the records at
 * exactly that date already read), so a record that changes again mid-sweep, leaving the
 * window, cannot shift a page past a record not yet read, and no query nears HubSpot's
 * 10,000-result cap unless that many records share one millisecond.
 */
export function nextPosition(at: SweepPosition, records: readonly HubSpotRecord[]): SweepPosition | null {
  if (records.length < SEARCH_PAGE_LIMIT) {
    if (at.phase === 'deals') return null;
    return { ...at, phase: 'deals', position: at.from, skip: 0 };
  }
  const modified = records.map((r) => Date.parse(r.properties[LAST_MODIFIED[at.phase]] ?? ''));
  const last = modified.at(-1)!;
  if (!Number.isFinite(last) || last < at.position.getTime()) return { ...at, skip: at.skip + records.length };
  const atLast = modified.filter((m) => m === last).length;
  const skip = last === at.position.getTime() ? at.skip + records.length : atLast;
  // More than 10,000 records in one millisecond (a bulk import): the rest of that millisecond is left out.
  if (skip + SEARCH_PAGE_LIMIT > SEARCH_RESULT_CAP) return { ...at, position: new Date(last + 1), skip: 0 };
  return { ...at, position: new Date(last), skip };
}

function observedAt(lastModified: string | null, now: Date): string {
  const ms = lastModified === null ? Number.NaN : Date.parse(lastModified);
  return new Date(Number.isFinite(ms) ? Math.min(ms, now.getTime()) : now.getTime()).toISOString();
}

async function staleOfContacts(
  deps: SyncDeps,
  portalId: string,
  records: HubSpotRecord[],
  names: string[],
): Promise<string[]> {
  const ids = records.map((r) => r.id);
  const erased = await erasedAmong(deps.db, portalId, ids);
  const held = await loadContacts(deps.db, portalId, ids);
  return staleContacts(
    records.filter((r) => !erased.has(r.id)),
    held,
    names,
  );
}

/** A changed deal matters to its contacts: the links we hold, else HubSpot's associations (stored for next time). */
async function staleOfDeals(
  deps: SyncDeps,
  portalId: string,
  deals: HubSpotRecord[],
  names: string[],
): Promise<string[]> {
  const ids = deals.map((d) => d.id);
  const links = await contactsOfDeals(deps.db, portalId, ids);
  const unknown = ids.filter((id) => !links.has(id));
  if (unknown.length > 0) {
    const read = await deps.api.readAssociations(portalId, 'deals', unknown, { background: true });
    await storeDealLinks(deps.db, portalId, read, 'deal');
    for (const [dealId, contactIds] of read) if (contactIds.length > 0) links.set(dealId, contactIds);
  }
  const contactIds = [...new Set([...links.values()].flat())];
  const erased = await erasedAmong(deps.db, portalId, contactIds);
  const held = await loadContacts(deps.db, portalId, contactIds);
  return contactsWithStaleDeals(deals, links, held, names).filter((id) => !erased.has(id));
}
