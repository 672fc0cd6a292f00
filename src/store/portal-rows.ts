import type { Queryable } from './db.ts';

/**
 * Every table keyed by portal, found in the catalog rather than listed, so erasing a portal
 * (the uninstall purge, src/install/uninstall.ts) covers a new table without an edit.
 */

type Reader = Pick<Queryable, 'query'>;

/**
 * The base tables with a portal_id column, but `portals` itself and the migrations' bookkeeping.
 * The funnel's count ledgers come last: triggers add deltas to them while the contacts and their
 * segment values are erased (migrations 0022, 0033), which would outlive an earlier erasure.
 */
export async function portalKeyedTables(db: Reader): Promise<string[]> {
  // Base tables only: a view with a portal_id column has no rows of its own to erase.
  const r = await db.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and c.column_name = 'portal_id' and t.table_type = 'BASE TABLE'
        and c.table_name not in ('portals', 'schema_migrations')
      order by c.table_name in ('contact_stage_counts', 'contact_segment_counts'), c.table_name`,
  );
  return r.rows.map((row) => row.table_name);
}

/** Deletes the portals' rows from one table that portalKeyedTables named. */
export async function erasePortalRows(db: Reader, table: string, portalIds: readonly string[]): Promise<void> {
  await db.query(`delete from "${table.replaceAll('"', '""')}" where portal_id = any($1::text[])`, [portalIds]);
}
