import type { Queryable } from '../store/db.ts';
import { addMovesSinceRun, hasMovers } from '../store/stage-dwell-store.ts';
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
  const run = await addMovesSinceRun(db, portalId, modelId, moves);
  const due = run
    ? moves > 0 && run.stays + run.appendedSince >= MIN_BASIS && run.appendedSince * 10 >= run.stays
    : await hasMovers(db, portalId, modelId, MIN_BASIS);
  if (due) await enqueue(db, [{ portalId, task: TASKS.stageDwell, key: 'dwell', runAt: now }], now);
  return due;
}
