import type { Job } from '../queue/job.ts';
import { refreshHealth } from './refresh-health.ts';
import type { SyncDeps } from './sync-deps.ts';

/**
 * Task 'contact-health': a contact's time in its stage crosses p75 or p90. Nothing changed in
 * HubSpot, so nothing is read: the contact is classified again from stored state, and
 * journey_stage_health is written if it changed; the next crossing is booked.
 */
export async function processHealthTimers(deps: SyncDeps, jobs: Job[]): Promise<void> {
  const portalId = jobs[0]!.portalId;
  const model = await deps.modelFor(portalId);
  await refreshHealth(
    deps,
    portalId,
    model,
    jobs.map((j) => j.key),
    deps.now(),
    { rescheduleAll: true },
  );
}
