import type { Job } from '../queue/job.ts';
import { enqueue } from '../queue/sql/enqueue.ts';
import { hasJobs } from '../queue/sql/has-jobs.ts';
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
  if (await waitForContactWork(deps, portalId, jobs, now)) return;
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

/** How often a waiting run looks again, and how long it waits at most. */
export const CONTACT_WORK_RECHECK_MS = 2_000;
export const CONTACT_WORK_WAIT_MS = 60_000;

/**
 * While the portal's contact jobs are queued or running (a burst), the re-classification waits
 * for them, at most CONTACT_WORK_WAIT_MS: each batch that makes the thresholds due computes
 * them itself before it writes (derive-and-write.ts), so the contacts being derived get them at
 * once; re-classifying now would write the health of contacts whose own write is in flight
 * (twice the calls) and run again at every tenth of growth. Returns true when the run was put
 * off (booked again CONTACT_WORK_RECHECK_MS later, remembering when it first waited).
 */
async function waitForContactWork(deps: SyncDeps, portalId: string, jobs: Job[], now: Date): Promise<boolean> {
  const first = jobs.map((j) => j.payload[WAITING_SINCE]).find((v): v is string => typeof v === 'string');
  const since = first === undefined ? now : new Date(first);
  if (now.getTime() - since.getTime() >= CONTACT_WORK_WAIT_MS) return false;
  if (!(await hasJobs(deps.db, portalId, TASKS.contactChanged, ['pending', 'running']))) return false;
  await enqueue(
    deps.db,
    [
      {
        portalId,
        task: TASKS.stageDwell,
        key: 'dwell',
        runAt: new Date(now.getTime() + CONTACT_WORK_RECHECK_MS),
        payload: { [WAITING_SINCE]: since.toISOString() },
      },
    ],
    now,
  );
  return true;
}

const WAITING_SINCE = 'waitingForContactsSince';
