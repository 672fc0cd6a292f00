import type { Job } from '../queue/job.ts';
import { loadContacts } from '../store/contact-store.ts';
import { deriveAndWrite } from './derive-and-write.ts';
import type { SyncDeps } from './sync-deps.ts';

/**
 * Task 'contact-timer': a time-based rule (purchase + 30 days) is due. Nothing changed in
 * HubSpot, so the stored evidence is derived again at the due time: no read call at all,
 * one write only if the stage moved.
 */
export async function processTimers(deps: SyncDeps, jobs: Job[]): Promise<void> {
  const portalId = jobs[0]!.portalId;
  const stored = await loadContacts(
    deps.db,
    portalId,
    jobs.map((j) => j.key),
  );
  const inputs = jobs.flatMap((job) => {
    const row = stored.get(job.key);
    if (!row || row.deleted) return [];
    return [{ contactId: job.key, evidence: row.evidence, observedAt: row.nextChangeAt ?? job.runAt }];
  });
  await deriveAndWrite(deps, portalId, inputs);
}
