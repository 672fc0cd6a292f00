import type { Queryable } from './db.ts';

/**
 * Folds a portal's contact_stage_counts ledger (migration 0022) into one row per model, stage
 * and health, dropping keys that sum to zero. One statement: the rows it deletes are the rows
 * whose sum it inserts, so deltas that writers add meanwhile stay as they are, and a folding
 * running at the same time deletes (and sums) only the rows this one did not take.
 * Returns the rows left for the portal.
 */
export async function compactStageCounts(db: Queryable, portalId: string): Promise<number> {
  const r = await db.query<{ n: number }>(
    `with taken as (
       delete from contact_stage_counts where portal_id = $1
       returning model_id, stage, health, n
     ), folded as (
       insert into contact_stage_counts (portal_id, model_id, stage, health, n)
       select $1, model_id, stage, health, sum(n) from taken group by model_id, stage, health having sum(n) <> 0
       returning 1
     )
     select count(*)::int as n from folded`,
    [portalId],
  );
  return r.rows[0]?.n ?? 0;
}

/**
 * Folds a portal's contact_segment_counts ledger (migration 0033: `current` and `stuck` per
 * segment value) as compactStageCounts folds the stage counts, in one statement for the same
 * reasons. Returns the rows left for the portal.
 */
export async function compactSegmentCounts(db: Queryable, portalId: string): Promise<number> {
  const r = await db.query<{ n: number }>(
    `with taken as (
       delete from contact_segment_counts where portal_id = $1
       returning model_id, property, value, stage, health, n
     ), folded as (
       insert into contact_segment_counts (portal_id, model_id, property, value, stage, health, n)
       select $1, model_id, property, value, stage, health, sum(n) from taken
        group by model_id, property, value, stage, health having sum(n) <> 0
       returning 1
     )
     select count(*)::int as n from folded`,
    [portalId],
  );
  return r.rows[0]?.n ?? 0;
}
