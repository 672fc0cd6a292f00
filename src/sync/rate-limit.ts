import {
  announcedLimit,
  callsSince,
  countCall,
  dropSlotsBefore,
  lockPortalBudget,
  moveCall,
  saveAnnouncedLimit,
  spendSlot,
} from '../store/api-budget.ts';
import type { Db } from '../store/db.ts';

/** HubSpot's limit for one installed account: `max` calls per rolling `intervalMs`. */
export type RateLimit = { max: number; intervalMs: number };

/**
 * What we assume when HubSpot announces nothing (an answer without X-HubSpot-RateLimit-*
 * headers): 100 per 10 s, the lowest figure HubSpot's pages have quoted for OAuth apps
 * (docs/hubspot.md, "Rate limits"). Every answer that carries the headers replaces it.
 */
export const MARKETPLACE_LIMIT: RateLimit = { max: 100, intervalMs: 10_000 };

/** Until a portal's first answer tells its limit: one call at a time, so a burst cannot outrun what we learn. */
const PROBE_LIMIT: RateLimit = { max: 1, intervalMs: 1_000 };
const PROBE_RECHECK_MS = 200;

const SLOT_MS = 100;
/**
 * A call is counted when we reserve it, HubSpot counts it when it arrives; the window we
 * check is this much longer than HubSpot's, so network and scheduling delays between the
 * two (across processes) do not let two calls land closer than HubSpot's interval.
 */
const ARRIVAL_JITTER_MS = 500;

/** Slots before the current one that share its window: a call W+1 slots older is more than interval + jitter away. */
const windowSlots = (limit: RateLimit) => Math.ceil((limit.intervalMs + ARRIVAL_JITTER_MS) / SLOT_MS);

/**
 * The share of a portal's budget that background calls (the reconciliation sweep) may not
 * use: with 110 per 10 s, a sweep stops at 82 in the window and leaves 28 to webhook and card
 * work, so a sweep never starves them (docs/reconciliation.md). While the limit is still being
 * probed (one call at a time) background calls queue like any other.
 */
export const BACKGROUND_RESERVE = 0.25;

/**
 * Reserves one API call in the portal's budget, shared by every process through the
 * database, against the limit HubSpot last announced for the portal (table api_limits).
 * Returns 0 when the call may go now, else the milliseconds to wait before asking again.
 */
export async function reserveCall(
  db: Db,
  portalId: string,
  now: Date,
  options: { background?: boolean } = {},
): Promise<number> {
  const nowMs = now.getTime();
  const slot = Math.floor(nowMs / SLOT_MS);
  return db.transaction(async (tx) => {
    await lockPortalBudget(tx, portalId);
    const announced = await announcedLimit(tx, portalId);
    const limit = announced ?? PROBE_LIMIT;
    const w = windowSlots(limit);
    const { used, first } = await callsSince(tx, portalId, slot - w);
    const ceiling =
      options.background && announced !== undefined
        ? Math.max(1, limit.max - Math.max(1, Math.ceil(limit.max * BACKGROUND_RESERVE)))
        : limit.max;
    // While probing, ask again soon: the first answer (and the real limit) may land any moment.
    if (used >= ceiling)
      return Math.min(
        announced === undefined ? PROBE_RECHECK_MS : Infinity,
        Math.max(1, (Number(first) + w + 1) * SLOT_MS - nowMs),
      );
    await countCall(tx, portalId, slot);
    // Old slots are of no further use; clearing them now and then keeps the table small.
    if (slot % 10 === 0) await dropSlotsBefore(tx, portalId, slot - 2 * w);
    return 0;
  });
}

/**
 * Moves a finished call from the slot it was reserved in to the slot of its answer. HubSpot
 * counts a call when it arrives, which may be seconds after we reserved it (a cold process,
 * a loaded machine); counted at its answer, a finished call stays in our window at least as
 * long as in HubSpot's, so the next reservation cannot outrun HubSpot's count.
 */
export async function restampCall(db: Db, portalId: string, reservedAt: Date, answeredAt: Date): Promise<void> {
  const from = Math.floor(reservedAt.getTime() / SLOT_MS);
  const to = Math.floor(answeredAt.getTime() / SLOT_MS);
  if (to <= from) return;
  await moveCall(db, portalId, from, to);
}

/** What one answer's X-HubSpot-RateLimit-* headers say (docs/hubspot.md, "Rate limits"). */
export type AnnouncedLimit = RateLimit & { remaining?: number; dailyMax?: number; dailyRemaining?: number };

/** Stores the limit HubSpot announced for the portal, so every process paces to it from its next call. */
export async function learnLimit(db: Db, portalId: string, announced: AnnouncedLimit, now: Date): Promise<void> {
  await saveAnnouncedLimit(db, portalId, announced, now);
}

/**
 * After a 429 (or a Remaining of 0) our count was behind HubSpot's: mark the window as spent
 * so every process waits for it to pass.
 */
export async function spendWindow(db: Db, portalId: string, max: number, now: Date): Promise<void> {
  await spendSlot(db, portalId, Math.floor(now.getTime() / SLOT_MS), max);
}

/** The limit HubSpot last announced for the portal, or MARKETPLACE_LIMIT before its first answer. */
export async function portalRateLimit(db: Pick<Db, 'query'>, portalId: string): Promise<RateLimit> {
  return (await announcedLimit(db, portalId)) ?? MARKETPLACE_LIMIT;
}
