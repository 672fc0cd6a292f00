import { afterEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { createWorker, type Worker } from '../../../src/queue/create-worker.ts';
import { claim } from '../../../src/queue/sql/claim.ts';
import { complete } from '../../../src/queue/sql/complete.ts';
import { enqueue } from '../../../src/queue/sql/enqueue.ts';
import { fail } from '../../../src/queue/sql/fail.ts';
import { reclaimExpired } from '../../../src/queue/sql/reclaim.ts';

/** The worker with the queue's own statements on PostgreSQL: what a failed job becomes. */
describe('a worker on the PostgreSQL queue', () => {
  let t: TestDb | undefined;
  let worker: Worker | undefined;
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await t?.drop();
  });

  it('a job whose handler throws goes back to pending with a backoff and its error, and runs again then', async () => {
    t = await createTestDb('postgres');
    const db = t.db;
    // The worker's clock, which the test moves past the retry time instead of waiting for it.
    let ahead = 0;
    const now = () => new Date(Date.now() + ahead);
    const attempts: number[] = [];
    worker = createWorker({
      claim: (limit) => claim(db, { workerId: 'w1', now: now(), limit, lockMs: 60_000 }),
      complete: (jobs) => complete(db, jobs, 'w1'),
      fail: (failures) => fail(db, failures, 'w1', now()),
      reclaim: () => reclaimExpired(db, now()),
      handlers: {
        flaky: async (jobs) => {
          attempts.push(jobs[0]!.attempts);
          if (attempts.length === 1) throw new Error('HubSpot answered 503');
        },
      },
      log: pino({ level: 'silent' }),
      concurrency: 1,
      pollMs: 20,
    });
    const enqueuedAt = Date.now();
    await enqueue(db, [{ portalId: '1', task: 'flaky', key: 'k' }], now());
    const failed = await vi.waitFor(
      async () => {
        const r = await db.query<{ state: string; attempts: number; last_error: string; run_at: Date }>(
          'select state, attempts, last_error, run_at from jobs',
        );
        expect(r.rows).toMatchObject([{ state: 'pending', attempts: 1, last_error: 'HubSpot answered 503' }]);
        return { ...r.rows[0]!, seenAt: Date.now() };
      },
      { timeout: 5_000, interval: 10 },
    );
    // The first retry waits 2 s times 0.5 to 1 from the failure, which came between the two instants.
    const retryAt = new Date(failed.run_at).getTime();
    expect(retryAt).toBeGreaterThanOrEqual(enqueuedAt + 1_000);
    expect(retryAt).toBeLessThanOrEqual(failed.seenAt + 2_000);
    expect(attempts).toEqual([1]);
    ahead = retryAt - Date.now() + 1;
    worker.wake();
    await vi.waitFor(async () => expect((await db.query('select 1 from jobs')).rows).toEqual([]), {
      timeout: 5_000,
      interval: 10,
    });
    expect(attempts).toEqual([1, 2]);
  });
});
