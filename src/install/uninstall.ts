import type { Db } from '../store/db.ts';

/**
 * The app was uninstalled (a refresh answered BAD_REFRESH_TOKEN / invalid_grant): the portal
 * goes inactive at once (no more calls, its tokens and queued work dropped) while its data
 * stays for the grace period, in case the admin reinstalls.
 */
export async function markUninstalled(db: Db, portalId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into portals (portal_id, status, uninstalled_at) values ($1, 'inactive', $2)
       on conflict (portal_id) do update set status = 'inactive', uninstalled_at = excluded.uninstalled_at`,
      [portalId, now.toISOString()],
    );
    await tx.query('delete from portal_tokens where portal_id = $1', [portalId]);
    await tx.query(`delete from jobs where portal_id = $1 and state <> 'running'`, [portalId]);
  });
}

/**
 * Erases every row of portals uninstalled longer ago than the grace period, from every
 * table keyed by portal (found in the catalog, so a new table is covered without an edit).
 */
export async function purgeUninstalled(db: Db, o: { now: Date; graceDays?: number }): Promise<string[]> {
  const cutoff = new Date(o.now.getTime() - (o.graceDays ?? 30) * 86_400_000);
  const gone = await db.query<{ portal_id: string }>(
    `select portal_id from portals where status = 'inactive' and uninstalled_at < $1`,
    [cutoff.toISOString()],
  );
  const portals = gone.rows.map((r) => r.portal_id);
  if (portals.length === 0) return [];
  // Base tables only: a view with a portal_id column has no rows of its own to erase.
  const tables = await db.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and c.column_name = 'portal_id' and t.table_type = 'BASE TABLE'
        and c.table_name not in ('portals', 'schema_migrations')
      order by c.table_name`,
  );
  await db.transaction(async (tx) => {
    for (const { table_name } of tables.rows)
      await tx.query(`delete from "${table_name.replaceAll('"', '""')}" where portal_id = any($1::text[])`, [portals]);
    await tx.query('delete from portals where portal_id = any($1::text[])', [portals]);
  });
  return portals;
}
