import { z } from 'zod';
import type { Queryable } from './db.ts';
import { parseRow } from './parse-row.ts';

/**
 * The api_budget and api_limits tables' statements: the calls each portal made to HubSpot,
 * counted per time slot and shared by every process, and the limit HubSpot last announced for
 * the portal. src/sync/rate-limit.ts decides what the counts mean (slots, windows, reserves).
 */

type Reader = Pick<Queryable, 'query'>;

/** A limit as HubSpot announced it: `max` calls per rolling `intervalMs`. */
export type AnnouncedRateLimit = { max: number; intervalMs: number };

const LimitRow = z.object({ max: z.number(), interval_ms: z.number() });

/**
 * Holds the portal's budget until the transaction ends, so reservations in every process
 * count and add one at a time.
 */
export async function lockPortalBudget(tx: Reader, portalId: string): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtext('hubspot-budget:' || $1))`, [portalId]);
}

/** The limit HubSpot last announced for the portal, or undefined before its first answer. */
export async function announcedLimit(db: Reader, portalId: string): Promise<AnnouncedRateLimit | undefined> {
  const r = await db.query('select max, interval_ms from api_limits where portal_id = $1', [portalId]);
  if (r.rows[0] === undefined) return undefined;
  const row = parseRow(LimitRow, r.rows[0], {
    table: 'api_limits',
    column: 'max, interval_ms',
    portalId,
    key: 'its limit',
  });
  return { max: row.max, intervalMs: row.interval_ms };
}

/** Calls counted in the portal's slots from `fromSlot` on, and the oldest slot that holds any (null when none does). */
export async function callsSince(
  tx: Reader,
  portalId: string,
  fromSlot: number,
): Promise<{ used: number; first: number | null }> {
  const r = await tx.query<{ used: number; first: number | string | null }>(
    `select coalesce(sum(used), 0)::int as used, min(slot) as first
       from api_budget where portal_id = $1 and slot >= $2 and used > 0`,
    [portalId, fromSlot],
  );
  const row = r.rows[0]!;
  return { used: row.used, first: row.first === null ? null : Number(row.first) };
}

/** Counts one call in the portal's slot. */
export async function countCall(tx: Reader, portalId: string, slot: number): Promise<void> {
  await tx.query(
    `insert into api_budget (portal_id, slot, used) values ($1, $2, 1)
     on conflict (portal_id, slot) do update set used = api_budget.used + 1`,
    [portalId, slot],
  );
}

/** Drops the portal's slots older than `slot`. */
export async function dropSlotsBefore(tx: Reader, portalId: string, slot: number): Promise<void> {
  await tx.query('delete from api_budget where portal_id = $1 and slot < $2', [portalId, slot]);
}

/** Moves one counted call from slot `from` to slot `to`, in one statement; nothing when `from` counts none. */
export async function moveCall(db: Reader, portalId: string, from: number, to: number): Promise<void> {
  await db.query(
    `with moved as (
       update api_budget set used = used - 1 where portal_id = $1 and slot = $2 and used > 0 returning 1
     )
     insert into api_budget (portal_id, slot, used) select $1, $3, 1 from moved
     on conflict (portal_id, slot) do update set used = api_budget.used + 1`,
    [portalId, from, to],
  );
}

/** Raises the portal's count in `slot` to at least `used`. */
export async function spendSlot(db: Reader, portalId: string, slot: number, used: number): Promise<void> {
  await db.query(
    `insert into api_budget (portal_id, slot, used) values ($1, $2, $3)
     on conflict (portal_id, slot) do update set used = greatest(api_budget.used, excluded.used)`,
    [portalId, slot, used],
  );
}

/** Replaces the limit stored for the portal with the one HubSpot announced at `now`. */
export async function saveAnnouncedLimit(
  db: Reader,
  portalId: string,
  announced: AnnouncedRateLimit & { dailyMax?: number; dailyRemaining?: number },
  now: Date,
): Promise<void> {
  await db.query(
    `insert into api_limits (portal_id, max, interval_ms, daily_max, daily_remaining, learned_at)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (portal_id) do update set max = excluded.max, interval_ms = excluded.interval_ms,
       daily_max = excluded.daily_max, daily_remaining = excluded.daily_remaining, learned_at = excluded.learned_at`,
    [portalId, announced.max, announced.intervalMs, announced.dailyMax ?? null, announced.dailyRemaining ?? null, now],
  );
}
