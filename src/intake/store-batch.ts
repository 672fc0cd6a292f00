import type { Db, Queryable } from '../store/db.ts';
import { coerceError } from '../coerce-error.ts';
import { toStorableJson } from './storable-json.ts';
import { enqueueIfAbsent } from '../queue/sql/enqueue-if-absent.ts';
import { OBJECT_TASKS } from '../queue/tasks.ts';
import { addDealLinksFromEvents } from '../store/deal-links.ts';
import { activePortalsAmong } from '../store/portal-store.ts';
import { insertQuarantinedEvents, insertWebhookEvents, type NewWebhookEvent } from '../store/received-events.ts';

/** The fields of a parsed webhook event that storage needs (see hubspot-events.ts): the stored row's, and the links'. */
export type StorableEvent = NewWebhookEvent & {
  /** Association changes: the other side, so a contact-deal link is remembered at once. */
  toObjectType?: 'contact' | 'deal' | null;
  toObjectId?: string;
  associationRemoved?: boolean;
};

export type Quarantined = { raw: unknown; reason: string; portalId: string | null };

export type StoreBatchOptions = {
  /** How long new work waits for more of its burst before a worker takes it (default 0). */
  debounceMs?: number;
  /** When HubSpot delivered the events, if earlier than `now` (they waited in the inbox). */
  receivedAt?: Date;
  /**
   * Runs in the transaction that completes the batch (its inbox row is deleted there): the
   * batch and its removal from the inbox commit together. Throwing undoes the batch.
   */
  finish?: (tx: Queryable) => Promise<void>;
};

export type StoreBatchResult = { stored: number; duplicates: number; quarantined: number; notInstalled: number };

const NOTHING_STORED: StoreBatchResult = { stored: 0, duplicates: 0, quarantined: 0, notInstalled: 0 };
const addResults = (a: StoreBatchResult, b: StoreBatchResult): StoreBatchResult => ({
  stored: a.stored + b.stored,
  duplicates: a.duplicates + b.duplicates,
  quarantined: a.quarantined + b.quarantined,
  notInstalled: a.notInstalled + b.notInstalled,
});

/** SQLSTATE class 22, "data exception": the database refused a value (NUL, bad escape, out-of-range time). */
// Stryker disable next-line StringLiteral: an error without a code starts with 22 neither way
const isDataException = (err: unknown): boolean => /^22/.test(String((err as { code?: unknown }).code ?? ''));

/**
 * Stores a batch durably in one transaction: new events of installed portals (duplicates of
 * stored ones change nothing), quarantined ones, and one coalesced pending job per changed
 * object, due after `debounceMs`: HubSpot sends a burst as many requests, and the wait lets
 * the worker take the burst in full batches of 100 (fewer API calls). Only after this
 * commits may the intake answer 2xx. Should the database refuse a value that parsing let
 * through, the events are stored one by one and only the refused ones go to quarantine:
 * one bad event never loses its batch.
 */
export async function storeBatch(
  db: Db,
  events: StorableEvent[],
  quarantined: Quarantined[],
  now: Date,
  options: StoreBatchOptions = {},
): Promise<StoreBatchResult> {
  const timing: Timing = { debounceMs: options.debounceMs ?? 0, receivedAt: options.receivedAt ?? now };
  const { finish } = options;
  try {
    return await storeAll(db, events, quarantined, now, timing, finish);
  } catch (err) {
    if (!isDataException(err)) throw err;
    let result = NOTHING_STORED;
    const refused: Quarantined[] = [];
    for (const event of events) {
      try {
        result = addResults(result, await storeAll(db, [event], [], now, timing));
      } catch (eventErr) {
        if (!isDataException(eventErr)) throw eventErr;
        refused.push({
          raw: event,
          reason: `the database refused it: ${coerceError(eventErr).message}`,
          portalId: event.portalId,
        });
      }
    }
    return addResults(result, await storeAll(db, [], [...quarantined, ...refused], now, timing, finish));
  }
}

type Timing = { debounceMs: number; receivedAt: Date };

async function storeAll(
  db: Db,
  events: StorableEvent[],
  quarantined: Quarantined[],
  now: Date,
  timing: Timing,
  finish?: (tx: Queryable) => Promise<void>,
): Promise<StoreBatchResult> {
  if (events.length === 0 && quarantined.length === 0 && !finish) return NOTHING_STORED;
  return db.transaction(async (tx) => {
    // A portal that is not installed (never, or no longer) keeps nothing: its events would wait
    // forever, and it is HubSpot's to stop sending them. Unreadable events (no portal) are kept.
    const portals = [
      ...new Set([
        ...events.map((e) => e.portalId),
        // Stryker disable next-line ArrayDeclaration: an id no portal has is never active, and events naming no portal are kept without the lookup
        ...quarantined.flatMap((q) => (q.portalId === null ? [] : [q.portalId])),
      ]),
    ];
    const active = new Set(await activePortalsAmong(tx, portals));
    const kept = events.filter((e) => active.has(e.portalId));
    const keptQuarantine = quarantined.filter((q) => q.portalId === null || active.has(q.portalId));
    const stored = await insertEvents(tx, kept, now, timing);
    await insertQuarantined(tx, keptQuarantine, timing.receivedAt);
    await finish?.(tx);
    return {
      stored,
      duplicates: kept.length - stored,
      quarantined: keptQuarantine.length,
      notInstalled: events.length - kept.length + quarantined.length - keptQuarantine.length,
    };
  });
}

async function insertEvents(tx: Queryable, events: StorableEvent[], now: Date, timing: Timing): Promise<number> {
  if (events.length === 0) return 0;
  const inserted = await insertWebhookEvents(tx, events, timing.receivedAt);
  // The queue owns the jobs table; its enqueue also wakes worker processes (NOTIFY at commit).
  await enqueueIfAbsent(
    tx,
    inserted.map((x) => ({ portalId: x.portalId, task: OBJECT_TASKS[x.objectType], key: x.objectId })),
    new Date(now.getTime() + timing.debounceMs),
  );
  await rememberDealLinks(tx, events);
  return inserted.length;
}

/**
 * A new contact-deal association is remembered at once, so later events of the deal reach the
 * contact even before the contact's job has read its associations. Added only, never removed:
 * events come in any order, and a stale link costs one extra derivation, never a wrong stage.
 */
async function rememberDealLinks(tx: Queryable, events: StorableEvent[]): Promise<void> {
  const links = events.flatMap((e) =>
    e.kind === 'associationChange' &&
    e.associationRemoved === false &&
    e.objectType === 'contact' &&
    e.toObjectType === 'deal' &&
    e.toObjectId !== undefined
      ? [{ portalId: e.portalId, dealId: e.toObjectId, contactId: e.objectId }]
      : [],
  );
  await addDealLinksFromEvents(tx, links);
}

async function insertQuarantined(tx: Queryable, quarantined: Quarantined[], now: Date): Promise<void> {
  await insertQuarantinedEvents(
    tx,
    quarantined.map((q) => ({ portalId: q.portalId, reason: toStorableJson(q.reason), raw: toStorableJson(q.raw) })),
    now,
  );
}
