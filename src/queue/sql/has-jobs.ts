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
