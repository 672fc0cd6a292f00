import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { waitFor } from '../helpers/wait-for.ts';

/*
 * On the default database nothing else analyzes: the worker does, as autovacuum would on a
 * PostgreSQL server, so a burst's queue is planned with statistics of its size.
 */
describe('the worker analyzes what a burst changed on PGlite', () => {
  let t: TestDb;
  let svc: TestService | undefined;
  afterEach(async () => {
    await svc?.stop();
    await t.drop();
  });

  it('analyzes the queue once a burst filled it, without being asked', async () => {
    t = await createTestDb('pglite');
    svc = await startTestService(t, { role: 'all', statisticsEveryMs: 200 });
    // A burst's jobs, due later (the worker leaves them alone).
    await t.db.query(
      `insert into jobs (portal_id, task, key, run_at)
       select '1', 'contact-changed', 'c' || g, now() + interval '1 day' from generate_series(1, 5000) g`,
    );
    const analyzed = await waitFor(
      async () => {
        const r = await t.db.query<{ reltuples: number }>(
          `select c.reltuples from pg_stat_user_tables s join pg_class c on c.oid = s.relid
            where s.relname = 'jobs' and s.last_analyze is not null`,
        );
        return r.rows[0];
      },
      { what: 'jobs analyzed', timeout: 20_000 },
    );
    expect(analyzed.reltuples).toBeGreaterThanOrEqual(5000);
  });
});
