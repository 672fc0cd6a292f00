import type { Queryable } from '../../store/db.ts';

/**
 * Drops the jobs of the given tasks for one key that are not running (a privacy deletion:
 * no work may be left that would read or write the contact). A running job finishes;
 * the caller makes sure it finds nothing to do.
 */
export async function dropPendingJobs(
  db: Queryable,
  portalId: string,
  key: string,
  tasks: readonly string[],
): Promise<number> {
  const r = await db.query(
    `delete from jobs where portal_id = $1 and key = $2 and task = any($3::text[]) and state <> 'running'`,
    [portalId, key, tasks],
  );
  return r.rowCount;
}

/** Drops every job of the portal that is not running (an uninstall); a running job finishes. */
export async function dropPortalPendingJobs(db: Pick<Queryable, 'query'>, portalId: string): Promise<void> {
  await db.query(`delete from jobs where portal_id = $1 and state <> 'running'`, [portalId]);
}
