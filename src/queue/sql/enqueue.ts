import type { Queryable } from '../../store/db.ts';
import { DONE_SINCE, type NewJob } from '../job.ts';
import { JOBS_CHANNEL } from './jobs-channel.ts';

/**
 * Adds jobs in one statement. A job whose (portal, task, key) is already pending
 * is coalesced into it: it runs at the earlier time, with the payloads merged.
 * When a job is due now, the statement notifies the workers (delivered at commit).
 * Returns how many jobs were newly created.
 */
export async function enqueue(db: Queryable, jobs: NewJob[], now: Date): Promise<number> {
  if (jobs.length === 0) return 0;
  const rows = jobs.map((j) => ({
    portal_id: j.portalId,
    task: j.task,
    key: j.key,
    payload: j.payload ?? {},
    run_at: (j.runAt ?? now).toISOString(),
  }));
  const r = await db.query<{ inserted: boolean }>(
    `with ins as (
       insert into jobs (portal_id, task, key, payload, run_at)
       select distinct on (portal_id, task, key) portal_id, task, key, payload, run_at
         from jsonb_to_recordset($1::jsonb) as x(portal_id text, task text, key text, payload jsonb, run_at timestamptz)
        order by portal_id, task, key, run_at
       on conflict (portal_id, task, key) where state = 'pending'
         do update set run_at = least(jobs.run_at, excluded.run_at),
           -- payloads merge; observedAt (when a change was seen) keeps the latest of the two;
           -- ${DONE_SINCE} stays only when both carry it, at the later time (job.ts)
           payload = ((jobs.payload || excluded.payload) - '${DONE_SINCE}')
             || jsonb_strip_nulls(jsonb_build_object(
                  'observedAt', greatest(jobs.payload->>'observedAt', excluded.payload->>'observedAt'),
                  '${DONE_SINCE}', case when jobs.payload ? '${DONE_SINCE}' and excluded.payload ? '${DONE_SINCE}'
                    then greatest(jobs.payload->>'${DONE_SINCE}', excluded.payload->>'${DONE_SINCE}') end))
       returning (xmax = 0) as inserted, run_at
     )
     select inserted,
            -- evaluated once per statement (an init plan); timers due in days wake nobody
            (select pg_notify('${JOBS_CHANNEL}', '') where exists (select 1 from ins where run_at <= $2::timestamptz)) as notified
       from ins`,
    [JSON.stringify(rows), now.toISOString()],
  );
  return r.rows.filter((row) => row.inserted).length;
}
