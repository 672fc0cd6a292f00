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
  return r.rows[0]?.found ?? false;
}
