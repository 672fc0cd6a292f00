import type { Queryable } from '../store/db.ts';
import { enqueue } from '../queue/sql/enqueue.ts';
import { MIN_BASIS } from '../analytics/classify-health.ts';
import { TASKS } from '../queue/tasks.ts';

/**
 * After a batch of derivations: counts its moves forward (new movers) towards the portal's next
 * threshold computation, and asks for one at once when the movers have grown by a tenth since
 * the last (docs/health.md). One row update per batch; a portal never computed checks only
 * whether it has MIN_BASIS movers yet (a limited scan), so it gets a basis as soon as it can,
 * even when the entries came before this check existed.
 */
export async function noteNewStays(
  db: Queryable,
  portalId: string,
  modelId: string,
  moves: number,
  now: Date,
): Promise<boolean> {
  const run = await db.query<{ stays: number; appended_since: number }>(
    `update stage_dwell_runs set appended_since = appended_since + $3
      where portal_id = $1 and model_id = $2 returning stays, appended_since`,
    [portalId, modelId, moves],
  );
  const due = run.rows[0]
    ? moves > 0 &&
      run.rows[0].stays + run.rows[0].appended_since >= MIN_BASIS &&
      run.rows[0].appended_since * 10 >= run.rows[0].stays
    : (
        await db.query<{ n: number }>(
          `select count(*)::int as n from (select 1 from timeline_entries where portal_id = $1 and model_id = $2 and left_forward limit ${MIN_BASIS}) x`,
          [portalId, modelId],
        )
      ).rows[0]!.n >= MIN_BASIS;
  if (due) await enqueue(db, [{ portalId, task: TASKS.stageDwell, key: 'dwell', runAt: now }], now);
  return due;
}
