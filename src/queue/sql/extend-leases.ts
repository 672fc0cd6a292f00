import type { Queryable } from '../../store/db.ts';
import type { Job } from '../job.ts';

/**
 * The heartbeat of a running batch: pushes the lease of the jobs this claim still holds
 * to `now + leaseMs`, so a short lease (a killed worker's jobs run again soon) never
 * expires under a worker that is alive but slow. Returns the jobs it still holds; a job
 * missing from the answer was reclaimed by another worker after the lease ran out.
 */
export async function extendLeases(
  db: Queryable,
  jobs: Job[],
  workerId: string,
  now: Date,
  leaseMs: number,
): Promise<Job[]> {
  if (jobs.length === 0) return [];
  const r = await db.query<{ portal_id: string; id: number }>(
    `update jobs j set locked_until = $3::timestamptz + $4 * interval '1 millisecond'
       from jsonb_to_recordset($1::jsonb) as x(portal_id text, id bigint, attempts int)
      where j.portal_id = x.portal_id and j.id = x.id and j.state = 'running'
        and j.locked_by = $2 and j.attempts = x.attempts
      returning j.portal_id, j.id`,
    [
      JSON.stringify(jobs.map((j) => ({ portal_id: j.portalId, id: j.id, attempts: j.attempts }))),
      workerId,
      now.toISOString(),
      leaseMs,
    ],
  );
  const held = new Set(r.rows.map((row) => `${row.portal_id}/${Number(row.id)}`));
  return jobs.filter((j) => held.has(`${j.portalId}/${j.id}`));
}
