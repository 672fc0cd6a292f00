import type { Db } from './db.ts';

/** The tables whose rows are deleted as a matter of course: the queue, the inbox, processed events, kept reads. */
const CHURNING_TABLES = ['jobs', 'webhook_inbox', 'webhook_events', 'quarantined_events', 'hubspot_reads'];

/**
 * PGlite runs no autovacuum (one process, no background workers), so the space of deleted rows
 * is never reused and a table that only churns grows by every row it ever held: 5,000 rows
 * inserted and deleted 15 times made a 3.8 MB table, 256 kB after one VACUUM
 * (docs/performance.md, "PGlite intake"). The daily prune calls this; on a PostgreSQL server
 * autovacuum does it, and this does nothing. Plain VACUUM: it blocks PGlite while it runs, for
 * about a day's churn.
 */
export async function reclaimEmbeddedSpace(db: Pick<Db, 'kind' | 'query'>): Promise<boolean> {
  if (db.kind !== 'pglite') return false;
  await db.query(`vacuum ${CHURNING_TABLES.join(', ')}`);
  return true;
}
