import type { Queryable } from '../../store/db.ts';
import { JOBS_CHANNEL } from './jobs-channel.ts';

export type ObjectJob = { portalId: string; task: string; key: string };

/**
 * The intake's enqueue: one job per (portal, task, key) due at `runAt`, unless one is
 * already pending (that one will read the new events too; its time is kept, so a steady
 * stream of events cannot postpone it). Notifies the workers, delivered at commit: call it
 * inside the transaction that stores the events.
 */
export async function enqueueIfAbsent(db: Queryable, jobs: ObjectJob[], runAt: Date): Promise<void> {
  if (jobs.length === 0) return;
  await db.query(
    `with ins as (
       insert into jobs (portal_id, task, key, run_at)
       select distinct x.portal_id, x.task, x.key, $2::timestamptz
         from jsonb_to_recordset($1::jsonb) as x(portal_id text, task text, key text)
       on conflict (portal_id, task, key) where state = 'pending' do nothing
     )
     select pg_notify('${JOBS_CHANNEL}', '')`,
    [JSON.stringify(jobs.map((j) => ({ portal_id: j.portalId, task: j.task, key: j.key }))), runAt.toISOString()],
  );
}
