import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { killHard, startCountingFake, startWorkerProcess, type CountingFake } from '../helpers/queue-storm.ts';
import { enqueue } from '../../src/queue/sql/enqueue.ts';
import { TASKS } from '../../src/queue/tasks.ts';

const PORTAL = '62515';
const SECRET = 'storm-secret';
const LEASE_MS = 2_500;
const CONTACTS = 120;
const KILLS = 4;

type Held = { locked_by: string; key: string; id: number };

describe('kill -9 storm on PostgreSQL (worker processes)', () => {
  let fake: CountingFake | undefined;
  let testDb: TestDb | undefined;
  const workers: ChildProcess[] = [];
  afterEach(async () => {
    await Promise.all(workers.map((w) => killHard(w)));
    await fake?.close();
    await testDb?.drop();
  });

  it("every contact ends right, none is written twice unless a killed worker held it, and a killed worker's jobs return within the lease", async () => {
    fake = await startCountingFake(PORTAL);
    const ids = Array.from({ length: CONTACTS }, (_, i) =>
      fake!.state.createContact(PORTAL, { lifecyclestage: i % 2 ? 'lead' : 'customer' }),
    );
    // A slow HubSpot: a batch (two batch reads) outlives the lease and a reclaim period, so only the
    // heartbeat keeps it with its worker.
    fake.faults.add({ path: /batch\/read$/, delayMs: 2_000, times: 1_000_000 });
    testDb = await createTestDb('postgres');
    const db = testDb.db;
    // Installed already: the workers' first start provisions but does not backfill.
    await db.query('insert into portals (portal_id) values ($1)', [PORTAL]);
    const env = {
      DATABASE_URL: testDb.url!,
      HUBSPOT_API_BASE: fake.url,
      HUBSPOT_CLIENT_SECRET: SECRET,
      HUBSPOT_ACCESS_TOKEN: fake.state.issueStaticToken(PORTAL),
      HUBSPOT_PORTAL_ID: PORTAL,
    };
    const tuning = { leaseMs: LEASE_MS, batchSize: 10, pollMs: 100 };
    for (let i = 0; i < 3; i++) workers.push(startWorkerProcess(env, tuning));

    await enqueue(
      db,
      ids.map((id) => ({ portalId: PORTAL, task: TASKS.contactChanged, key: id })),
      new Date(),
    );

    const heldByKilled = new Set<string>();
    const returnedAfterMs: number[] = [];
    // A worker is up once its LISTEN connection is (the last statement of that backend).
    const listening = async (n: number) =>
      vi.waitFor(
        async () => {
          const r = await db.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen %'`,
          );
          expect(r.rows[0]!.n).toBe(n);
        },
        { timeout: 60_000, interval: 20 },
      );
    for (let k = 0; k < KILLS; k++) {
      // Every other worker is up: a kill tests the lease, not how fast a process boots.
      await listening(3);
      // The victim: a live worker process that holds running contact jobs right now.
      const victim = await vi.waitFor(
        async () => {
          const r = await db.query<Held>(`select locked_by, key, id from jobs where state = 'running' and task = $1`, [
            TASKS.contactChanged,
          ]);
          const child = workers.find(
            (w) => w.exitCode === null && r.rows.some((row) => row.locked_by.startsWith(`${w.pid}-`)),
          );
          expect(child).toBeDefined();
          return child!;
        },
        { timeout: 30_000, interval: 20 },
      );
      await killHard(victim);
      const killedAt = Date.now();
      await listening(2);
      workers.push(startWorkerProcess(env, tuning));
      // What it held when it died: its rows cannot change any more.
      const held = (
        await db.query<Held>(`select locked_by, key, id from jobs where state = 'running' and locked_by like $1`, [
          `${victim.pid}-%`,
        ])
      ).rows;
      for (const h of held) heldByKilled.add(h.key);
      await vi.waitFor(
        async () => {
          const r = await db.query('select 1 from jobs where locked_by like $1', [`${victim.pid}-%`]);
          expect(r.rows).toHaveLength(0);
        },
        { timeout: 60_000, interval: 20 },
      );
      returnedAfterMs.push(Date.now() - killedAt);
    }

    await vi.waitFor(
      async () => {
        const left = await db.query(`select 1 from jobs where task = $1`, [TASKS.contactChanged]);
        expect(left.rows).toHaveLength(0);
      },
      { timeout: 90_000, interval: 100 },
    );

    for (const [i, id] of ids.entries())
      expect(fake.state.getContact(PORTAL, id)?.properties.journey_stage, `contact ${id}`).toBe(
        i % 2 ? 'consideration' : 'purchase',
      );
    // A write can repeat only where a worker died between HubSpot's answer and its own commit.
    const twice = [...fake.writes].filter(([, n]) => n > 1).map(([id]) => id);
    expect(twice.filter((id) => !heldByKilled.has(id))).toEqual([]);
    // The lease (plus one reclaim period and the test's own polling) bounds the wait.
    for (const ms of returnedAfterMs) expect(ms).toBeLessThan(LEASE_MS * 1.25 + 1_500);
    expect(heldByKilled.size).toBeGreaterThan(0);
  }, 180_000);
});
