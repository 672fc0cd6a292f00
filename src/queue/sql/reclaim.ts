import type { Queryable } from '../../store/db.ts';
import { DONE_SINCE } from '../job.ts';
import { PRESENCE_HELD } from './worker-presence.ts';

/**
 * Gives back the jobs of workers that died (SIGKILL, lost host): a running job whose
 * lease expired, or whose worker no longer holds its presence lock (worker-presence.ts: the
 * process is gone, or its connection), returns to pending, or is dropped when a pending job for its key exists (which
 * then loses any DONE_SINCE: the dead worker's work is owed in full) or when a newer expired
 * job of its key goes back in its place (one pending job per key).
 */
export async function reclaimExpired(db: Queryable, now: Date): Promise<number> {
  const r = await db.query(
    `with locked as (
       select j.portal_id, j.id, j.task, j.key from jobs j
        where j.state = 'running'
          and (j.locked_until < $1 or (j.lock_key is not null and not ${PRESENCE_HELD('j.lock_key')}))
        for update skip locked
     ), expired as (
       select l.portal_id, l.id,
              exists (select 1 from jobs s where s.portal_id = l.portal_id and s.task = l.task
                         and s.key = l.key and s.state = 'pending')
              -- two dead claims of one key (a job claimed while its twin ran): the newest goes back
              or row_number() over (partition by l.portal_id, l.task, l.key order by l.id desc) > 1 as covered
         from locked l
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
