import type { Queryable } from '../../store/db.ts';
import { jobFromRow, type Job, type JobRow } from '../job.ts';

export type ClaimOptions = { workerId: string; now: Date; limit: number; lockMs: number; tasks?: string[] };

/**
 * Claims up to `limit` due jobs of one portal and one task, so a handler can serve
 * them with batched HubSpot calls. The head is the portal whose due job waited
 * longest. SKIP LOCKED lets many workers on one PostgreSQL claim disjoint sets.
 */
export async function claim(db: Queryable, o: ClaimOptions): Promise<Job[]> {
  const r = await db.query<JobRow>(
    `with head as (
       select portal_id, task from jobs
        where state = 'pending' and run_at <= $1 and ($5::text[] is null or task = any($5))
        order by run_at
        limit 1
        for update skip locked
     ), picked as (
       select j.portal_id, j.id from jobs j join head h on j.portal_id = h.portal_id and j.task = h.task
        where j.state = 'pending' and j.run_at <= $1
        order by j.run_at, j.id
        limit $2
        for update of j skip locked
     )
     update jobs j
        set state = 'running', locked_by = $3, attempts = j.attempts + 1,
            locked_until = $1::timestamptz + $4 * interval '1 millisecond'
       from picked p
      where j.portal_id = p.portal_id and j.id = p.id
     returning j.portal_id, j.id, j.task, j.key, j.payload, j.attempts, j.max_attempts, j.run_at`,
    [o.now.toISOString(), o.limit, o.workerId, o.lockMs, o.tasks ?? null],
  );
  return r.rows.map(jobFromRow).sort((a, b) => a.id - b.id);
}
