import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { claim } from '../../../src/queue/sql/claim.ts';
import { fail } from '../../../src/queue/sql/fail.ts';
import { TASKS } from '../../../src/queue/tasks.ts';
import { analyzeEmbedded } from '../../../src/store/embedded-statistics.ts';
import type { Queryable } from '../../../src/store/db.ts';

/*
 * A burst leaves tens of thousands of contact jobs pending while its webhook requests keep
 * arriving. Taking three requests, or recording a claim's failures, must read the jobs it
 * concerns, not walk the burst: on PGlite every statement holds the acknowledgements behind it
 * (docs/performance.md, "PGlite intake"). With and without statistics: PGlite has none until
 * the worker analyzes (src/store/embedded-statistics.ts), a PostgreSQL server has them.
 */
describe.each(dbKinds)('what a claim reads during a burst (%s)', (kind) => {
  let t: TestDb;
  afterEach(async () => {
    await t.drop();
  });

  /** EXPLAIN ANALYZE of the statements `run` sends (they are executed too, as they would be). */
  const explained = async (run: (db: Queryable) => Promise<unknown>) => {
    const plans: string[] = [];
    const spy: Queryable = {
      exec: (sql) => t.db.exec(sql),
      async query<T>(sql: string, params?: unknown[]) {
        const r = await t.db.query<Record<string, string>>(`explain (analyze, format text) ${sql}`, params);
        plans.push(r.rows.map((row) => Object.values(row)[0]).join('\n'));
        return { rows: [] as T[], rowCount: 0 };
      },
    };
    await run(spy);
    return plans.join('\n');
  };
  /** The most rows any step of the plans produced or threw away, over all its loops. */
  const mostRowsTouched = (plan: string) => {
    let most = 0;
    let loops = 1;
    let produced = 0;
    for (const line of plan.split('\n')) {
      const node = line.match(/actual time=[\d.]+\.\.[\d.]+ rows=([\d.]+) loops=(\d+)/);
      if (node) {
        loops = Number(node[2]);
        produced = Number(node[1]);
        most = Math.max(most, produced * loops);
      }
      // per loop, like the node's rows
      const removed = line.match(/Rows Removed by (?:Join )?Filter: (\d+)/);
      if (removed) most = Math.max(most, (produced + Number(removed[1])) * loops);
    }
    return most;
  };

  const burst = async (analyzed: boolean) => {
    t = await createTestDb(kind);
    await t.db.query(
      `insert into jobs (portal_id, task, key, run_at)
       select '1', $1, 'c' || g, now() - interval '1 second' from generate_series(1, 20000) g`,
      [TASKS.contactChanged],
    );
    await t.db.query(
      `insert into jobs (portal_id, task, key, run_at) select '1', $1, 'r' || g, now() - interval '1 second' from generate_series(1, 3) g`,
      [TASKS.webhookInbox],
    );
    // As each database analyzes: PGlite's worker with its small sample, a server's autovacuum with its default.
    if (analyzed) await (kind === 'pglite' ? analyzeEmbedded(t.db, 'jobs') : t.db.query('analyze jobs'));
  };
  const options = () => ({ workerId: 'w1', now: new Date(), limit: 100, lockMs: 60_000 });

  it.each([false, true])(
    'takes three webhook requests without walking 20,000 contact jobs (analyzed: %s)',
    async (analyzed) => {
      await burst(analyzed);
      const plan = await explained((db) => claim(db, { ...options(), tasks: [TASKS.webhookInbox] }));
      expect(plan).toContain('rows=3'); // it took them
      expect(mostRowsTouched(plan)).toBeLessThan(1_000);
    },
  );

  // Analyzed only: unanalyzed, both databases check each job's pending twin through a portal-wide
  // index (19,500 rows a job). PGlite's worker analyzes within seconds of a burst, a server's autovacuum within a minute.
  it('records the failures of a 500-job claim without a walk per job (analyzed)', async () => {
    await burst(true);
    const jobs = await claim(t.db, { ...options(), tasks: [TASKS.contactChanged], limit: 500 });
    expect(jobs).toHaveLength(500);
    const failures = jobs.map((job) => ({ job, error: 'HubSpot unreachable' }));
    const plan = await explained((db) => fail(db, failures, 'w1', new Date()));
    expect(mostRowsTouched(plan)).toBeLessThan(50_000);
  });
});
