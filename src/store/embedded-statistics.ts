import type { Db } from './db.ts';

/**
 * PostgreSQL's autovacuum analyzes a table once more than 50 rows plus a tenth of its rows
 * changed since its statistics (autovacuum_analyze_threshold, autovacuum_analyze_scale_factor);
 * this is the same rule, for PGlite, which has no autovacuum.
 */
const CHANGED_ROWS_MIN = 50;
const CHANGED_SHARE = 0.1;

/**
 * How often the worker asks (src/roles/worker-role.ts). Shorter than autovacuum's minute: on
 * PGlite a burst fills the queue in seconds, and its plans are wrong until the next analysis.
 */
export const EMBEDDED_STATISTICS_EVERY_MS = 10_000;

/**
 * A tenth of PostgreSQL's default sample (3,000 rows, not 30,000): 100,000 webhook events are
 * analyzed in 13 to 17 ms instead of 108 to 206 ms (up to 556 ms on disk during a burst), and
 * PGlite answers nothing else meanwhile. The plans this serves need row counts and rough
 * distinct counts, not fine histograms.
 */
export const EMBEDDED_STATISTICS_TARGET = 10;

/**
 * Analyzes, on PGlite, the tables whose rows changed enough since their last analysis, and
 * returns their names; on a PostgreSQL server autovacuum does it, and this does nothing.
 *
 * PGlite never analyzes on its own, so without this every plan is chosen without statistics:
 * recording the failures of a 500-job claim on a queue of 20,000 checked each job's pending twin
 * through the portal's ready index (2.9 ms a job, 1.6 s in all) instead of the twin index (42 ms
 * analyzed), and that statement held every acknowledgement behind it (docs/performance.md,
 * "PGlite intake"). One table at a time, each with a small sample: PGlite runs one statement at
 * a time, and an ANALYZE holds it for its table's time only.
 */
export async function refreshEmbeddedStatistics(db: Pick<Db, 'kind' | 'query' | 'transaction'>): Promise<string[]> {
  if (db.kind !== 'pglite') return [];
  // The counters are the cumulative statistics, flushed about once a second: a change made in
  // the last second is counted at the next call.
  const stale = await db.query<{ name: string }>(
    `select quote_ident(s.schemaname) || '.' || quote_ident(s.relname) as name
       from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.n_mod_since_analyze > $1 + $2 * greatest(c.reltuples, 0)
      order by s.relname`,
    [CHANGED_ROWS_MIN, CHANGED_SHARE],
  );
  for (const { name } of stale.rows) await analyzeEmbedded(db, name);
  return stale.rows.map((r) => r.name);
}

/** ANALYZE of one table with the embedded sample size (`name` quoted, from the catalog). */
export async function analyzeEmbedded(db: Pick<Db, 'transaction'>, name: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`set local default_statistics_target = ${EMBEDDED_STATISTICS_TARGET}`);
    await tx.query(`analyze ${name}`);
  });
}
