import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Db, Queryable, QueryResult } from './db.ts';

export type DatabaseSetting =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /**
   * `startFrom`: a data directory to start an in-memory database from, as PGlite's
   * dumpDataDir gives it, instead of running initdb (tests start each database from one
   * migrated copy: docs/testing.md, "Test databases").
   */
  | { kind: 'pglite'; dataDir: string; startFrom?: Blob };

/** Opens PGlite (embedded, `memory` keeps it in memory) or a pool on a PostgreSQL server. */
export async function openDb(setting: DatabaseSetting): Promise<Db> {
  return setting.kind === 'postgres'
    ? openPostgres(setting.url, setting.poolSize ?? 10)
    : openPglite(setting.dataDir, setting.startFrom);
}

async function openPglite(dataDir: string, startFrom: Blob | undefined): Promise<Db> {
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  const pglite = dataDir === 'memory' ? new PGlite(startFrom ? { loadDataDir: startFrom } : {}) : new PGlite(dataDir);
  await pglite.waitReady;
  return pgliteDb(pglite);
}

/** An open PGlite as the service's Db: one session, so transactions take turns. */
export function pgliteDb(pglite: PGlite): Db {
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    close: () => pglite.close(),
  };
}

// count(*) and bigserial ids come back as strings from node-postgres and as numbers
// from PGlite; parse int8 as a number on both so callers see one type.
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
} as pg.CustomTypesConfig;

async function openPostgres(url: string, max: number): Promise<Db> {
  // JIT off: the analytics queries over a million timelines (src/api/funnel) are estimated far
  // above jit_above_cost, and compiling them took 3.5 of their 4.7 s (EXPLAIN ANALYZE, bench/funnel-bench.ts);
  // no query of the service runs long enough to repay it. https://www.postgresql.org/docs/current/jit-decision.html
  const pool = new pg.Pool({ connectionString: url, max, types, options: '-c jit=off' });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const client = await pool.connect(); // fail at start, with the server's reason, if unreachable
  client.release();
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await q.query(sql, params);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const c = await pool.connect();
      // The pool listens for errors only on idle clients. A checked-out client whose server
      // ends the connection (failover, pg_terminate_backend, idle_in_transaction_session_timeout)
      // emits 'error'; unheard, Node exits. Heard, the statement in flight fails (or the next
      // one does), the transaction's caller sees that error, and the dead client leaves the pool.
      let lost: Error | undefined;
      const onError = (err: Error) => {
        lost = err;
      };
      c.on('error', onError);
      try {
        await c.query('begin');
        const result = await fn(wrap(c));
        await c.query('commit');
        return result;
      } catch (err) {
        if (!lost) await c.query('rollback').catch(() => {});
        throw err;
      } finally {
        c.removeListener('error', onError);
        c.release(lost);
      }
    },
    close: () => pool.end(),
  };
}
