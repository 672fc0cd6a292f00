import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { killHard, startCountingFake, startWorkerProcess, type CountingFake } from '../helpers/queue-storm.ts';
import { enqueue } from '../../src/queue/sql/enqueue.ts';
import { TASKS } from '../../src/queue/tasks.ts';

const PORTAL = '62515';

// A worker's presence lock (src/queue/sql/worker-presence.ts, docs/scaling.md "Worker presence"):
// a killed worker's jobs come back as soon as its session ends, not when their lease runs out.
describe('worker presence on PostgreSQL (worker processes)', () => {
  let t: TestDb | undefined;
  let fake: CountingFake | undefined;
  const workers: ChildProcess[] = [];
  afterEach(async () => {
    await Promise.all(workers.map((w) => killHard(w)));
    workers.length = 0;
    await fake?.close();
    await t?.drop();
  });

  it('a worker process killed with kill -9 has its jobs run by another before their lease would have let them go', async () => {
    fake = await startCountingFake(PORTAL);
    const ids = Array.from({ length: 30 }, () => fake!.state.createContact(PORTAL, { lifecyclestage: 'lead' }));
    // A slow HubSpot keeps the victim's claim running when it dies.
    fake.faults.add({ path: /batch\/read$/, delayMs: 1_500, times: 1_000_000 });
    t = await createTestDb('postgres');
    const db = t.db;
    await db.query('insert into portals (portal_id) values ($1)', [PORTAL]);
    const env = {
      DATABASE_URL: t.url!,
      HUBSPOT_API_BASE: fake.url,
      HUBSPOT_CLIENT_SECRET: 'presence-secret',
      HUBSPOT_ACCESS_TOKEN: fake.state.issueStaticToken(PORTAL),
      HUBSPOT_PORTAL_ID: PORTAL,
    };
    // A lease far longer than the test: only the presence lock can give the jobs back in time.
    const tuning = { leaseMs: 600_000, batchSize: 10, pollMs: 100 };
    const victim = startWorkerProcess(env, tuning);
    workers.push(victim);
    await enqueue(
      db,
      ids.map((id) => ({ portalId: PORTAL, task: TASKS.contactChanged, key: id })),
      new Date(),
    );
    const held = await vi.waitFor(
      async () => {
        const r = await db.query<{ key: string; locked_until: Date }>(
          `select key, locked_until from jobs where state = 'running' and locked_by like $1`,
          [`${victim.pid}-%`],
        );
        expect(r.rows.length).toBeGreaterThan(0);
        return r.rows;
      },
      { timeout: 60_000, interval: 20 },
    );
    await killHard(victim);
    workers.push(startWorkerProcess(env, tuning));

    await vi.waitFor(
      async () => {
        const left = await db.query('select 1 from jobs where task = $1', [TASKS.contactChanged]);
        expect(left.rows).toHaveLength(0);
      },
      { timeout: 90_000, interval: 100 },
    );
    const leaseEnd = Math.min(...held.map((h) => new Date(h.locked_until).getTime()));
    expect(Date.now()).toBeLessThan(leaseEnd);
    for (const id of ids) expect(fake.state.getContact(PORTAL, id)?.properties.journey_stage).toBe('consideration');
  }, 180_000);
});
