import type pg from 'pg';

/**
 * A worker's presence on PostgreSQL: a session advisory lock (two-key form, PRESENCE_LOCK_CLASS
 * and the worker's key) held on a connection that lives as long as the worker (the one it
 * listens for jobs on). When the process dies, PostgreSQL ends its session and the lock goes
 * with it: reclaimExpired then gives the worker's running jobs back at once, not after their
 * lease (docs/scaling.md, "Worker presence"). The two-key form never meets the service's
 * one-key advisory locks (migrations, stage dwell, contact locks).
 */
export const PRESENCE_LOCK_CLASS = 0x4a53_5750;

/** Takes the presence lock of `key` on this connection's session; false when another session holds it. */
export async function takePresence(session: pg.Client, key: number): Promise<boolean> {
  const r = await session.query<{ taken: boolean }>('select pg_try_advisory_lock($1, $2) as taken', [
    PRESENCE_LOCK_CLASS,
    key,
  ]);
  return r.rows[0]?.taken === true;
}

/**
 * SQL: whether the worker whose presence key is `keyColumn` still holds its lock in this
 * database (for a reclaim's condition; `keyColumn` is never null there).
 */
export const PRESENCE_HELD = (keyColumn: string) =>
  `exists (select 1 from pg_locks l
            where l.locktype = 'advisory' and l.granted and l.objsubid = 2
              and l.database = (select oid from pg_database where datname = current_database())
              and l.classid = ${PRESENCE_LOCK_CLASS}::oid and l.objid = ${keyColumn}::oid)`;
