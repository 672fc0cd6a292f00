import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { killHard, startWorkerProcess } from '../helpers/queue-storm.ts';
import { enqueue } from '../../src/queue/sql/enqueue.ts';
import { TASKS } from '../../src/queue/tasks.ts';

const POLL_MS = 120_000;

describe('workers wake on work (PostgreSQL LISTEN/NOTIFY)', () => {
  let testDb: TestDb | undefined;
  let worker: ChildProcess | undefined;
  afterEach(async () => {
    if (worker) await killHard(worker);
    await testDb?.drop();
  });

  it('a worker in another process starts a job enqueued here far sooner than its poll interval', async () => {
    testDb = await createTestDb('postgres');
    const db = testDb.db;
    // No portal of its own: the worker has no due work at start, claims once, finds nothing, sleeps.
    worker = startWorkerProcess(
      { DATABASE_URL: testDb.url!, HUBSPOT_CLIENT_SECRET: 's' },
      { pollMs: POLL_MS, concurrency: 1 },
    );
    // It listens, and a claim loop has run its first (empty) claim. The other loop (the intake's
    // expansion, or the main one) may still be claiming: a wake during a claim claims again, so
    // the job is taken either way (a wake lost there waited a poll: CI, 2026-12-07).
    await vi.waitFor(
      async () => {
        // The last statement of an empty claim: the claim, or the look for gathered jobs after it (worker-role.ts).
        const r = await db.query<{ listening: number; claimed: number }>(
          `select count(*) filter (where query ilike 'listen %')::int as listening,
                count(*) filter (where (query ilike '%due_portals%' or query ilike '%run_at <= $2 and task = $1%')
                                   and state = 'idle')::int as claimed
           from pg_stat_activity where datname = current_database()`,
        );
        expect(r.rows[0]).toEqual({ listening: 1, claimed: 1 });
      },
      { timeout: 60_000, interval: 20 },
    );

    const enqueuedAt = Date.now();
    await enqueue(db, [{ portalId: '404', task: TASKS.contactChanged, key: '1' }], new Date());
    // Claimed: no longer pending as enqueued (the unknown portal's job then fails or is dropped).
    await vi.waitFor(
      async () => {
        expect(
          (
            await db.query(`select 1 from jobs where task = $1 and state = 'pending' and attempts = 0`, [
              TASKS.contactChanged,
            ])
          ).rows,
        ).toHaveLength(0);
      },
      { timeout: 20_000, interval: 5 },
    );
    expect(Date.now() - enqueuedAt).toBeLessThan(2_000);
  }, 90_000);
});
