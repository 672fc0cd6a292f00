import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { refreshEmbeddedStatistics } from '../../../src/store/embedded-statistics.ts';

/*
 * PGlite never analyzes on its own: without statistics a burst's queue is planned as if it were
 * empty, and a claim's failure record checked each job's twin through the wrong index. The worker
 * analyzes, as autovacuum would, the tables that changed by more than 50 rows and a tenth.
 */
describe('statistics of the embedded database', () => {
  let t: TestDb;
  afterEach(async () => {
    await t.drop();
  });

  /** A burst's queue: one portal's pending contact jobs, one per contact. */
  const queueOf = (n: number, from = 0) =>
    t.db.query(
      `insert into jobs (portal_id, task, key) select '1', 'contact-changed', 'c' || g from generate_series($1::int, $2::int) g`,
      [from + 1, from + n],
    );
  /** The cumulative statistics reach pg_stat_user_tables about a second after a change. */
  const changesCounted = (table: string, n: number) =>
    waitFor(
      async () =>
        (
          await t.db.query<{ n: number }>(
            `select n_mod_since_analyze::int as n from pg_stat_user_tables where relname = $1`,
            [table],
          )
        ).rows[0]!.n >= n,
      { what: `${n} changes to ${table} counted` },
    );
  /** Which index the failure record's pending-twin check would read for one job. */
  const twinCheckIndex = async () => {
    const plan = await t.db.query<{ 'QUERY PLAN': string }>(
      `explain select exists (select 1 from jobs s where s.portal_id = '1' and s.task = 'contact-changed'
                                and s.key = 'c42' and s.state = 'pending')`,
    );
    return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
  };

  it('on PGlite, analyzes a table a burst filled, so its plans read the index that fits', async () => {
    t = await createTestDb('pglite');
    await queueOf(20_000);
    await changesCounted('jobs', 20_000);
    expect(await twinCheckIndex()).not.toContain('jobs_one_pending_per_key'); // planned without statistics

    expect(await refreshEmbeddedStatistics(t.db)).toContain('public.jobs');
    const jobs = await t.db.query<{ reltuples: number }>(`select reltuples from pg_class where relname = 'jobs'`);
    expect(jobs.rows[0]!.reltuples).toBe(20_000);
    expect(await twinCheckIndex()).toContain('jobs_one_pending_per_key');
  });

  it('analyzes a table again only once a tenth of its rows and 50 more changed', async () => {
    t = await createTestDb('pglite');
    await queueOf(1_000);
    await changesCounted('jobs', 1_000);
    expect(await refreshEmbeddedStatistics(t.db)).toContain('public.jobs');
    expect(await refreshEmbeddedStatistics(t.db)).toEqual([]); // nothing changed since

    await queueOf(150, 1_000); // 150 changes: not more than 50 + 100
    await changesCounted('jobs', 150);
    expect(await refreshEmbeddedStatistics(t.db)).not.toContain('public.jobs');
    await queueOf(1, 1_150); // 151
    await changesCounted('jobs', 151);
    expect(await refreshEmbeddedStatistics(t.db)).toContain('public.jobs');
  });

  it('on PostgreSQL, leaves it to autovacuum', async () => {
    t = await createTestDb('postgres');
    await queueOf(1_000);
    expect(await refreshEmbeddedStatistics(t.db)).toEqual([]);
  });
});
