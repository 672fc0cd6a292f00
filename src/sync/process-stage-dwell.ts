import type { Job } from '../queue/job.ts';
import { enqueue } from '../queue/sql/enqueue.ts';
import { computeStageDwell } from '../analytics/compute-stage-dwell.ts';
import { refreshHealth } from './refresh-health.ts';
import { compactSegmentCounts, compactStageCounts } from '../store/stage-counts.ts';
import { TASKS } from '../queue/tasks.ts';
import type { SyncDeps } from './sync-deps.ts';

const DAY = 86_400_000;

/**
 * Task 'stage-dwell': recomputes the portal's dwell quantiles, re-classifies its contacts
 * against them (writing the health that changed, batched), folds the funnel's stage and
 * segment count ledgers, and books the next run a day
 * later, so quantiles are never older than a day (docs/health.md). A growth of a tenth
 * brings the pending run forward (same key: the queue keeps the earlier time).
 */
export async function processStageDwell(deps: SyncDeps, jobs: Job[]): Promise<void> {
  const portalId = jobs[0]!.portalId;
  const now = deps.now();
  const model = await deps.modelFor(portalId);
  const dwell = await deps.db.transaction((tx) => computeStageDwell(tx, portalId, model, now));
  const health = await refreshHealth(deps, portalId, model, 'all', now);
  // The funnel's stage and segment counts are ledgers of deltas (migrations 0022, 0033): folded once a day.
  const stageCountRows = await compactStageCounts(deps.db, portalId);
  const segmentCountRows = await compactSegmentCounts(deps.db, portalId);
  await enqueue(
    deps.db,
    [{ portalId, task: TASKS.stageDwell, key: 'dwell', runAt: new Date(now.getTime() + DAY) }],
    now,
  );
  const withBasis = [...dwell.values()].filter((d) => d.p75 !== null).length;
  deps.log.info(
    { portalId, model: model.id, stagesWithBasis: withBasis, stageCountRows, segmentCountRows, ...health },
    'stage dwell quantiles recomputed',
  );
}
