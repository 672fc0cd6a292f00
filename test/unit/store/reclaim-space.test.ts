import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { reclaimEmbeddedSpace } from '../../../src/store/reclaim-space.ts';
import { enqueue } from '../../../src/queue/sql/enqueue.ts';

/*
 * PGlite runs no autovacuum: without the daily reclaim, the queue's table grows by every job it
 * ever held, however few are pending. A PostgreSQL server vacuums on its own and is left alone.
 */
describe('the daily reclaim of deleted rows on the embedded database', () => {
  let t: TestDb;
  afterEach(async () => {
    await t.drop();
  });

  const jobsKb = async () =>
    (await t.db.query<{ kb: number }>(`select (pg_relation_size('jobs') / 1024)::int as kb`)).rows[0]!.kb;
  /** A burst's jobs, enqueued and then done (deleted), as the worker leaves them. */
  const burst = async (round: number) => {
    await enqueue(
      t.db,
      Array.from({ length: 2_000 }, (_, i) => ({ portalId: '1', task: 'contact-changed', key: `${round}-${i}` })),
      new Date(),
    );
    await t.db.query('delete from jobs');
  };

  it('on PGlite, lets the space of done jobs serve the next bursts instead of growing the table', async () => {
    t = await createTestDb('pglite');
    for (let round = 0; round < 3; round++) await burst(round);
    const grown = await jobsKb();
    for (let round = 3; round < 6; round++) await burst(round);
    expect(await jobsKb()).toBeGreaterThan(grown); // no reclaim: it keeps growing

    expect(await reclaimEmbeddedSpace(t.db)).toBe(true);
    const reclaimed = await jobsKb();
    for (let round = 6; round < 9; round++) {
      await burst(round);
      expect(await reclaimEmbeddedSpace(t.db)).toBe(true);
    }
    expect(await jobsKb()).toBeLessThanOrEqual(Math.max(reclaimed, grown / 3));
  });

  it('on PostgreSQL, leaves it to autovacuum', async () => {
    t = await createTestDb('postgres');
    expect(await reclaimEmbeddedSpace(t.db)).toBe(false);
  });
});
