import type { Db } from '../store/db.ts';

/** HubSpot's limit for one installed account: `max` calls per rolling `intervalMs`. */
export type RateLimit = { max: number; intervalMs: number };

/** Marketplace apps: 110 requests per 10 s per installed account (HUBSPOT.md, API limits). */
export const MARKETPLACE_LIMIT: RateLimit = { max: 110, intervalMs: 10_000 };

const SLOT_MS = 1_000;

/**
 * Reserves one API call in the portal's budget, shared by every process through the
 * database. Calls are counted in one-second slots; the window checked is the slots
 * that overlap HubSpot's rolling interval, so we never exceed the limit HubSpot counts.
 * Returns 0 when the call may go now, else the milliseconds to wait before asking again.
 */
export async function reserveCall(db: Db, portalId: string, limit: RateLimit, now: Date): Promise<number> {
  const nowMs = now.getTime();
  const slot = Math.floor(nowMs / SLOT_MS);
  const oldest = slot - Math.ceil(limit.intervalMs / SLOT_MS);
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('hubspot-budget:' || $1))`, [portalId]);
    const r = await tx.query<{ used: number; first: number | null }>(
      `select coalesce(sum(used), 0)::int as used, min(slot) as first
         from api_budget where portal_id = $1 and slot >= $2 and used > 0`,
      [portalId, oldest],
    );
    const { used, first } = r.rows[0]!;
    if (used >= limit.max) return Math.max(1, (Number(first) + Math.ceil(limit.intervalMs / SLOT_MS) + 1) * SLOT_MS - nowMs);
    await tx.query(
      `insert into api_budget (portal_id, slot, used) values ($1, $2, 1)
       on conflict (portal_id, slot) do update set used = api_budget.used + 1`,
      [portalId, slot],
    );
    // Old slots are of no further use; clearing them now and then keeps the table small.
    if (slot % 30 === 0) await tx.query('delete from api_budget where portal_id = $1 and slot < $2', [portalId, oldest - 60]);
    return 0;
  });
}

/**
 * After a 429 the budget was wrong (another app of ours, a manual script): mark the current
 * window as spent so every process waits for it to pass.
 */
export async function spendWindow(db: Db, portalId: string, limit: RateLimit, now: Date): Promise<void> {
  await db.query(
    `insert into api_budget (portal_id, slot, used) values ($1, $2, $3)
     on conflict (portal_id, slot) do update set used = greatest(api_budget.used, excluded.used)`,
    [portalId, Math.floor(now.getTime() / SLOT_MS), limit.max],
  );
}
