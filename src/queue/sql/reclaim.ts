import type { Queryable } from '../../store/db.ts';
import { DONE_SINCE } from '../job.ts';

/**
 * Gives back the jobs of workers that died (SIGKILL, lost host): a running job whose
 * lock expired returns to pending, or is dropped when a pending job for its key exists (which
 * then loses any DONE_SINCE: the dead worker's work is owed in full).
 */
export async function reclaimExpired(db: Queryable, now: Date): Promise<number> {
  const r = await db.query(
    `with expired as (
       select j.portal_id, j.id,
              exists (select 1 from jobs s where s.portal_id = j.portal_id and s.task = j.task
                         and s.key = j.key and s.state = 'pending') as covered
         from jobs j where j.state = 'running' and j.locked_until < $1
        for update skip locked
     ), back as (
       update jobs j set state = 'pending', locked_by = null, locked_until = null, run_at = $1
         from expired e where j.portal_id = e.portal_id and j.id = e.id and not e.covered
       returning j.id
     ), gone as (
       delete from jobs j using expired e where j.portal_id = e.portal_id and j.id = e.id and e.covered
       returning j.id, j.portal_id, j.task, j.key
     ), owed as (
       -- the twin now owes the dead worker's work in full (job.ts, DONE_SINCE)
       update jobs s set payload = s.payload - '${DONE_SINCE}'
         from gone g where s.portal_id = g.portal_id and s.task = g.task and s.key = g.key and s.state = 'pending'
     )
     select id from back union all select id from gone`,
    [now.toISOString()],
  );
  return r.rows.length;
}
