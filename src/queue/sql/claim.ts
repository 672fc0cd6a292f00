import type { Queryable } from '../../store/db.ts';
import { jobFromRow, type Job, type JobRow } from '../job.ts';

export type ClaimOptions = {
  workerId: string;
  /** The claiming worker's presence key (worker-presence.ts), when it holds one: its jobs come back as soon as it dies. */
  presenceKey?: number;
  now: Date;
  limit: number;
  lockMs: number;
  tasks?: string[];
  /** A task's own limit, in place of `limit` (contact jobs are read in fives of 100, see worker-role.ts). */
  limits?: Readonly<Record<string, number>>;
  /**
   * Tasks whose jobs are worth more together (one HubSpot call serves 100): a portal's jobs of
   * such a task are claimed by one claim at a time (another claim of them running, its lease not
   * run out, holds them: what arrives meanwhile makes the next claim full), and not while fewer
   * than `size` are due and more are still arriving, that is while its newest job was enqueued
   * less than `quietMs` ago and its oldest due job less than `maxMs` ago (the database's clock:
   * a service clock that stands still in tests cannot hold them forever). They also wait, full
   * or not, while the portal has a due or running job of a `feeders` task (the webhook inbox,
   * whose expansion may still add events to the very jobs a claim would take), again only until
   * the oldest due one was enqueued `maxMs` ago. Other tasks and portals are claimed meanwhile.
   */
  gather?: { sizes: Readonly<Record<string, number>>; quietMs: number; maxMs: number; feeders?: readonly string[] };
};

/**
 * Claims up to `limit` due jobs of one portal and one task, so a handler can serve
 * them with batched HubSpot calls. Portals take turns: among the portals with due jobs,
 * the one served longest ago goes first (fair scheduling: a backfill of a million
 * contacts does not hold up another portal's webhooks). SKIP LOCKED lets many workers
 * on one PostgreSQL claim disjoint sets.
 */
export async function claim(db: Queryable, o: ClaimOptions): Promise<Job[]> {
  const r = await db.query<JobRow>(
    `with recursive due_portals as (
       -- the distinct portals with due jobs, by a skip scan over jobs_ready_by_portal
       (select portal_id from jobs where state = 'pending' and run_at <= $1 order by portal_id limit 1)
       union all
       select (select j.portal_id from jobs j where j.state = 'pending' and j.run_at <= $1 and j.portal_id > d.portal_id
                order by j.portal_id limit 1)
         from due_portals d where d.portal_id is not null
     ), turn as (
       select d.portal_id from due_portals d left join portal_turns t on t.portal_id = d.portal_id
        where d.portal_id is not null
        order by t.last_claimed_at nulls first, d.portal_id
        limit 8
     ), gathering as materialized (
       -- (portal, task) pairs held back (ClaimOptions.gather): another claim of them is running
       -- (its lease not run out), or, until the oldest due job has waited maxMs, a full claim is
       -- still arriving or a feeder job (an unexpanded webhook request) may still add to it
       select p.portal_id, g.key as task from turn p cross join jsonb_each_text($7::jsonb) g
        where exists (select 1 from jobs r where r.portal_id = p.portal_id and r.task = g.key
                        and r.state = 'running' and r.locked_until >= $1)
           or ((((select count(*) from (select 1 from jobs d where d.portal_id = p.portal_id and d.task = g.key
                    and d.state = 'pending' and d.run_at <= $1 limit g.value::int) x) < g.value::int
                 and (select d.created_at from jobs d where d.portal_id = p.portal_id and d.task = g.key
                        and d.state = 'pending' order by d.id desc limit 1) > clock_timestamp() - $8 * interval '1 millisecond')
                or exists (select 1 from jobs f where f.portal_id = p.portal_id and f.task = any($11::text[])
                        and ((f.state = 'pending' and f.run_at <= $1) or (f.state = 'running' and f.locked_until >= $1))))
               and not exists (select 1 from jobs d where d.portal_id = p.portal_id and d.task = g.key
                      and d.state = 'pending' and d.run_at <= $1
                      and d.created_at <= clock_timestamp() - $9 * interval '1 millisecond'))
     ), head as (
       select j.portal_id, j.task from jobs j join turn using (portal_id)
        left join portal_turns t on t.portal_id = j.portal_id
        where j.state = 'pending' and j.run_at <= $1 and ($5::text[] is null or j.task = any($5))
          and not exists (select 1 from gathering g where g.portal_id = j.portal_id and g.task = j.task)
        order by t.last_claimed_at nulls first, j.run_at
        limit 1
        for update of j skip locked
     ), picked as (
       -- The head's portal and task as values, not a join: the planner then reads them through
       -- jobs_pending_by_task in order and stops at the limit. Joined, it could not tell how many
       -- of the portal's jobs were of the task, and with statistics it walked a burst's 20,000
       -- contact jobs to take three webhook requests (docs/performance.md, "PGlite intake").
       select j.id from jobs j
        where j.portal_id = (select portal_id from head) and j.task = (select task from head)
          and j.state = 'pending' and j.run_at <= $1
        order by j.run_at, j.id
        limit coalesce((select ($6::jsonb ->> h.task)::int from head h), $2)
        for update of j skip locked
     ), turned as (
       insert into portal_turns (portal_id, last_claimed_at) select portal_id, $1 from head
       on conflict (portal_id) do update set last_claimed_at = excluded.last_claimed_at
     )
     update jobs j
        set state = 'running', locked_by = $3, attempts = j.attempts + 1, lock_key = $10,
            locked_until = $1::timestamptz + $4 * interval '1 millisecond'
      -- by primary key whatever the planner guesses of picked's size (a guess of 1,000 read the whole table)
      where j.portal_id = (select portal_id from head) and j.id = any (array(select id from picked))
     returning j.portal_id, j.id, j.task, j.key, j.payload, j.attempts, j.max_attempts, j.run_at`,
    [
      o.now.toISOString(),
      o.limit,
      o.workerId,
      o.lockMs,
      o.tasks ?? null,
      JSON.stringify(o.limits ?? {}),
      JSON.stringify(o.gather?.sizes ?? {}),
      o.gather?.quietMs ?? 0,
      o.gather?.maxMs ?? 0,
      o.presenceKey ?? null,
      // Stryker disable next-line ArrayDeclaration: a fallback naming a task nobody enqueues holds nothing, as the empty list does
      o.gather?.feeders ?? [],
    ],
  );
  return r.rows.map(jobFromRow).sort((a, b) => a.id - b.id);
}
