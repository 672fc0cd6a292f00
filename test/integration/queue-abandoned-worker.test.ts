import { afterEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { createWorker, type TaskHandler, type Worker } from '../../src/queue/create-worker.ts';
import { claim } from '../../src/queue/sql/claim.ts';
import { complete } from '../../src/queue/sql/complete.ts';
import { fail } from '../../src/queue/sql/fail.ts';
import { reclaimExpired } from '../../src/queue/sql/reclaim.ts';
import { extendLeases } from '../../src/queue/sql/extend-leases.ts';
import { enqueue } from '../../src/queue/sql/enqueue.ts';
import type { Db } from '../../src/store/db.ts';

const LEASE_MS = 1_500;
const WORK_MS = 1_800; // each batch outlives the lease: only the heartbeat keeps it
const JOBS = 36;
const CRASHES = 4;

/**
 * A crash in one process (PGlite cannot be shared between processes): the worker is
 * abandoned (its drain gives up at once), so its jobs stay running with no heartbeat,
 * as after a kill -9, and nothing of its batch is written.
 */
describe.each(dbKinds)('abandoned workers during a burst (%s)', (kind) => {
  let t: TestDb;
  const workers: Array<{ id: string; worker: Worker }> = [];
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.worker.stop()));
    workers.length = 0;
    await t.drop();
  });

  it("every job is written exactly once and an abandoned worker's jobs are taken within the lease", async () => {
    t = await createTestDb(kind);
    const db: Db = t.db;
    const writes = new Map<string, number>();
    const write: TaskHandler = (jobs, signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new Error('aborted'));
        const timer = setTimeout(() => {
          for (const j of jobs) writes.set(j.key, (writes.get(j.key) ?? 0) + 1);
          resolve();
        }, WORK_MS);
        signal?.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('aborted'))));
      });
    let n = 0;
    const start = () => {
      const id = `w${++n}`;
      const now = () => new Date();
      const worker = createWorker({
        claim: (limit) => claim(db, { workerId: id, now: now(), limit, lockMs: LEASE_MS }),
        complete: (jobs) => complete(db, jobs, id),
        fail: (failures) => fail(db, failures, id, now()),
        reclaim: () => reclaimExpired(db, now()),
        extend: (jobs) => extendLeases(db, jobs, id, now(), LEASE_MS),
        handlers: { write },
        log: pino({ level: 'silent' }),
        batchSize: 3,
        pollMs: 20,
        leaseMs: LEASE_MS,
        drainMs: 0,
      });
      workers.push({ id, worker });
    };
    for (let i = 0; i < 3; i++) start();
    await enqueue(
      db,
      Array.from({ length: JOBS }, (_, i) => ({ portalId: '1', task: 'write', key: String(i) })),
      new Date(),
    );

    const returnedAfterMs: number[] = [];
    for (let k = 0; k < CRASHES; k++) {
      const victim = await vi.waitFor(
        async () => {
          const r = await db.query<{ locked_by: string }>(
            `select distinct locked_by from jobs where state = 'running'`,
          );
          const w = workers.find((x) => r.rows.some((row) => row.locked_by === x.id));
          expect(w).toBeDefined();
          return w!;
        },
        { timeout: 10_000, interval: 10 },
      );
      workers.splice(workers.indexOf(victim), 1);
      await victim.worker.stop(); // drainMs 0: abandoned with its jobs running
      const crashedAt = Date.now();
      start();
      await vi.waitFor(
        async () => {
          expect((await db.query('select 1 from jobs where locked_by = $1', [victim.id])).rows).toHaveLength(0);
        },
        { timeout: 10_000, interval: 10 },
      );
      returnedAfterMs.push(Date.now() - crashedAt);
    }

    await vi.waitFor(async () => expect((await db.query('select 1 from jobs')).rows).toHaveLength(0), {
      timeout: 30_000,
      interval: 20,
    });
    expect([...writes.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: JOBS }, (_, i) => String(i)),
    );
    expect([...writes.values()].filter((c) => c !== 1)).toEqual([]);
    for (const ms of returnedAfterMs) expect(ms).toBeLessThan(LEASE_MS * 1.25 + 1_000);
  }, 60_000);
});
