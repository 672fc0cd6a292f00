import type { Queryable } from '../../store/db.ts';
import type { Job } from '../job.ts';

/**
 * Finished jobs are deleted; only the claim that holds a job may finish it. A claim is
 * (worker, attempt): a worker whose lease ran out, and whose job another claim took since
 * (even one of its own loops), finishes nothing.
 */
export async function complete(db: Queryable, jobs: Job[], workerId: string): Promise<void> {
  if (jobs.length === 0) return;
  await db.query(
    `delete from jobs j using jsonb_to_recordset($1::jsonb) as x(portal_id text, id bigint, attempts int)
      where j.portal_id = x.portal_id and j.id = x.id and j.state = 'running'
        and j.locked_by = $2 and j.attempts = x.attempts`,
    [JSON.stringify(jobs.map((j) => ({ portal_id: j.portalId, id: j.id, attempts: j.attempts }))), workerId],
  );
}
