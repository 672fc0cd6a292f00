import type { TaskHandler } from '../queue/create-worker.ts';
import type { Job, JobFailure } from '../queue/job.ts';
import { coerceError } from '../coerce-error.ts';
import { HubSpotError } from './hubspot-error.ts';
import { PortalInactiveError } from './token-provider.ts';
import { InvalidRowError, reportInvalidRow } from '../store/parse-row.ts';
import { processContacts } from './process-contacts.ts';
import { processDeals } from './process-deals.ts';
import { processTimers } from './process-timers.ts';
import { processHealthTimers } from './process-health-timers.ts';
import { processStageDwell } from './process-stage-dwell.ts';
import { processOwnerTasks } from './process-owner-tasks.ts';
import { provisionProperties } from './provision-properties.ts';
import { rememberUiDomain } from './remember-ui-domain.ts';
import { rememberSegmentLabels } from './remember-segment-labels.ts';
import { processBackfillPage } from './backfill.ts';
import { processReconcile } from './reconcile-sweep.ts';
import { TASKS, type TaskName } from '../queue/tasks.ts';
import type { SyncDeps } from './sync-deps.ts';

/**
 * The queue's task handlers for the sync. A failure never drops work: the batch's jobs
 * go back to the queue (a 429 waits as told without using up an attempt) and, after the
 * last attempt, wait in the dead-letter state with the error. An uninstalled portal's
 * jobs are dropped: nothing may be called for it.
 */
type SyncTask = Exclude<
  TaskName,
  'webhook-inbox' | 'purge-uninstalled' | 'reseal-tokens' | 'prune-events' | 'check-installs'
>;

export function syncHandlers(deps: SyncDeps): Record<SyncTask, TaskHandler> {
  const wrap =
    (run: (deps: SyncDeps, jobs: Job[], signal?: AbortSignal) => Promise<void>): TaskHandler =>
    async (jobs, signal) => {
      try {
        await run(deps, jobs, signal);
        return [];
      } catch (err) {
        if (err instanceof PortalInactiveError) {
          deps.log.info({ portalId: err.portalId, jobs: jobs.length }, 'dropping jobs of an inactive portal');
          return [];
        }
        if (err instanceof InvalidRowError)
          reportInvalidRow(err, deps.log, deps.metrics?.invalidRows ?? { inc: () => {} });
        const e = coerceError(err);
        const failure = (job: Job): JobFailure =>
          e instanceof HubSpotError && e.status === 429
            ? { job, error: e.message, ...(e.retryAt ? { retryAt: e.retryAt } : {}), countAttempt: false }
            : { job, error: e.message };
        return jobs.map(failure);
      }
    };
  return {
    [TASKS.contactChanged]: wrap(processContacts),
    [TASKS.dealChanged]: wrap(processDeals),
    [TASKS.contactTimer]: wrap(processTimers),
    [TASKS.contactHealth]: wrap(processHealthTimers),
    [TASKS.stageDwell]: wrap(processStageDwell),
    [TASKS.ownerTasks]: wrap(processOwnerTasks),
    [TASKS.backfillPage]: wrap(processBackfillPage),
    [TASKS.reconcile]: wrap(processReconcile),
    [TASKS.provisionPortal]: wrap(async (d, jobs) => {
      // Enqueued with a model change: provision the model committed with it, never a cached older one.
      for (const job of jobs) {
        d.modelFor.forget?.(job.portalId);
        await provisionProperties(d.db, d.api, job.portalId, await d.modelFor(job.portalId));
        await rememberUiDomain(d.db, d.api, job.portalId);
        await rememberSegmentLabels(d.db, d.api, job.portalId, d.now());
      }
    }),
    [TASKS.segmentLabels]: wrap(async (d, jobs) => {
      for (const job of jobs) await rememberSegmentLabels(d.db, d.api, job.portalId, d.now());
    }),
  };
}
