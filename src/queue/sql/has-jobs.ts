import type { Queryable } from '../../store/db.ts';

/** Whether a portal has jobs of a task in one of these states (due or not). */
export async function hasJobs(
  db: Queryable,
  portalId: string,
  task: string,
  states: ReadonlyArray<'pending' | 'running'>,
): Promise<boolean> {
  const r = await db.query<{ found: boolean }>(
    `select exists (select 1 from jobs where portal_id = $1 and task = $2 and state = any($3::text[])) as found`,
    [portalId, task, states],
  );
  // select exists (…) answers one row, true or false (never null).
  return r.rows[0]!.found;
}

/** Whether any portal has jobs of a task due at `now` and not claimed (held back by a claim's gather). */
export async function hasDueJobs(db: Queryable, task: string, now: Date): Promise<boolean> {
  const r = await db.query<{ found: boolean }>(
    `select exists (select 1 from jobs where state = 'pending' and run_at <= $2 and task = $1) as found`,
    [task, now.toISOString()],
  );
  return r.rows[0]!.found;
}

/** How many jobs of a task a portal has pending (due or not), counted up to `limit`. */
export async function pendingJobsUpTo(db: Queryable, portalId: string, task: string, limit: number): Promise<number> {
  const r = await db.query<{ n: number }>(
    `select count(*)::int as n
       from (select 1 from jobs where portal_id = $1 and task = $2 and state = 'pending' limit $3) j`,
    [portalId, task, limit],
  );
  return r.rows[0]?.n ?? 0;
}
