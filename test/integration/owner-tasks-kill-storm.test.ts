import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { killHard, startWorkerProcess } from '../helpers/queue-storm.ts';
import { seedPath } from '../helpers/seed-stays.ts';
import { createFakeHubSpot, type FakeHubSpot } from '../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';
import { saveAlerts } from '../../src/store/owner-task-store.ts';
import { enqueue } from '../../src/queue/sql/enqueue.ts';
import { TASKS } from '../../src/queue/tasks.ts';

const PORTAL = '62515';
const DAY = 86_400_000;
const CONTACTS = 150;
const KILLS = 2;

/**
 * The stand-in behind a front that holds each tasks batch create's answer for a while after
 * HubSpot has made the tasks, and says so: the window in which a worker dies with HubSpot's
 * work done and nothing recorded on our side.
 */
async function startSlowAnswerFake(holdMs: number) {
  const fake = createFakeHubSpot({ now: () => new Date(), portalIds: [PORTAL] });
  const created: Array<() => void> = [];
  const front = express();
  front.use((req, res, next) => {
    if (req.method === 'POST' && /\/tasks\/batch\/create$/.test(req.path)) {
      const end = res.end.bind(res) as (...args: unknown[]) => unknown;
      res.end = ((...args: unknown[]) => {
        for (const notify of created.splice(0)) notify();
        setTimeout(() => end(...args), holdMs);
        return res;
      }) as typeof res.end;
    }
    next();
  });
  front.use(fake.app);
  const server = front.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    ...fake,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Resolves when HubSpot has made the next batch of tasks (its answer not sent yet). */
    nextCreate: () => new Promise<void>((resolve) => created.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  } satisfies FakeHubSpot & Record<string, unknown>;
}

describe('owner tasks under a kill -9 storm on PostgreSQL (worker processes)', () => {
  let fake: Awaited<ReturnType<typeof startSlowAnswerFake>> | undefined;
  let testDb: TestDb | undefined;
  const workers: ChildProcess[] = [];
  afterEach(async () => {
    await Promise.all(workers.map((w) => killHard(w)));
    await fake?.close();
    await testDb?.drop();
  });

  it('workers killed after HubSpot made the tasks and before our commit: every stuck contact still gets exactly one', async () => {
    fake = await startSlowAnswerFake(1_500);
    testDb = await createTestDb('postgres');
    const db = testDb.db;
    const now = Date.now();
    await db.query('insert into portals (portal_id) values ($1)', [PORTAL]);
    // 20 movers of 1..20 days (p90 = 18 days), and contacts that crossed p90 a minute ago,
    // after the stuck alert was turned on an hour ago.
    for (let d = 1; d <= 20; d++)
      await seedPath(db, {
        portalId: PORTAL,
        contactId: `m${d}`,
        start: new Date(now - 60 * DAY),
        path: [
          ['consideration', 0],
          ['purchase', d],
        ],
      });
    const ids: string[] = [];
    for (let i = 0; i < CONTACTS; i++) {
      const id = fake.state.createContact(PORTAL, { lifecyclestage: 'lead', firstname: `C${i}` });
      ids.push(id);
      await seedPath(db, {
        portalId: PORTAL,
        contactId: id,
        start: new Date(now - 18 * DAY - 60_000),
        path: [['consideration', 0]],
      });
    }
    await saveAlerts(db, PORTAL, { stuckTask: true }, new Date(now - 3_600_000));
    const env = {
      DATABASE_URL: testDb.url!,
      HUBSPOT_API_BASE: fake.url,
      HUBSPOT_CLIENT_SECRET: 'storm-secret',
      HUBSPOT_ACCESS_TOKEN: fake.state.issueStaticToken(PORTAL),
      HUBSPOT_PORTAL_ID: PORTAL,
    };
    const tuning = { leaseMs: 2_000, pollMs: 100 };
    for (let i = 0; i < 2; i++) workers.push(startWorkerProcess(env, tuning));
    await enqueue(db, [{ portalId: PORTAL, task: TASKS.stageDwell, key: 'dwell' }], new Date());
    // Planned tasks wait a few minutes to be sent together: the test does not wait that long.
    const hurry = setInterval(() => {
      void db
        .query(`update jobs set run_at = now() where task = $1 and state = 'pending' and run_at > now()`, [
          TASKS.ownerTasks,
        ])
        .catch(() => {});
    }, 100);
    try {
      for (let k = 0; k < KILLS; k++) {
        await fake.nextCreate();
        // HubSpot made the batch's tasks; the worker sending them waits for the answer: kill it.
        const holder = await db.query<{ locked_by: string }>(
          `select locked_by from jobs where task = $1 and state = 'running'`,
          [TASKS.ownerTasks],
        );
        const victim = workers.find((w) => holder.rows.some((r) => r.locked_by.startsWith(`${w.pid}-`)));
        expect(victim).toBeDefined();
        await killHard(victim!);
        workers.push(startWorkerProcess(env, tuning));
      }
      await vi.waitFor(
        async () => {
          const r = await db.query<{ state: string; n: number }>(
            'select state, count(*)::int as n from owner_tasks group by state',
          );
          expect(r.rows).toEqual([{ state: 'created', n: CONTACTS }]);
        },
        { timeout: 90_000, interval: 100 },
      );
    } finally {
      clearInterval(hurry);
    }
    const perContact = new Map<string, number>();
    for (const id of fake.state.engagements.idsOf(PORTAL, 'tasks', () => true)) {
      const contact = fake.state.engagements.get(PORTAL, 'tasks', id)!.contactId;
      perContact.set(contact, (perContact.get(contact) ?? 0) + 1);
    }
    expect([...perContact.keys()].sort()).toEqual([...ids].sort());
    expect([...perContact.values()].filter((n) => n !== 1)).toEqual([]);
  });
});
