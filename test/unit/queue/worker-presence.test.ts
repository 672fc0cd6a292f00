import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { enqueue } from '../../../src/queue/sql/enqueue.ts';
import { claim } from '../../../src/queue/sql/claim.ts';
import { reclaimExpired } from '../../../src/queue/sql/reclaim.ts';
import { takePresence } from '../../../src/queue/sql/worker-presence.ts';
import { TASKS } from '../../../src/queue/tasks.ts';

const PORTAL = '62515';

// A worker's presence lock (src/queue/sql/worker-presence.ts, docs/scaling.md "Worker presence"),
// in this process (test/integration/worker-presence.test.ts kills a worker process).
describe('worker presence and the reclaim (postgres)', () => {
  let t: TestDb | undefined;
  const sessions: pg.Client[] = [];
  afterEach(async () => {
    await Promise.all(sessions.map((s) => s.end().catch(() => {})));
    sessions.length = 0;
    await t?.drop();
  });

  it("a claim's jobs stay with a live worker until their lease runs out, and come back at once when its session ends", async () => {
    t = await createTestDb('postgres');
    const session = new pg.Client({ connectionString: t.url! });
    sessions.push(session);
    await session.connect();
    expect(await takePresence(session, 4242)).toBe(true);
    const now = new Date();
    await enqueue(
      t.db,
      ['1', '2', '3'].map((key) => ({ portalId: PORTAL, task: TASKS.contactChanged, key })),
      now,
    );
    await enqueue(t.db, [{ portalId: PORTAL, task: TASKS.dealChanged, key: '9' }], now);
    const present = await claim(t.db, {
      workerId: 'alive',
      presenceKey: 4242,
      now,
      limit: 10,
      lockMs: 600_000,
      tasks: [TASKS.contactChanged],
    });
    // A worker without a presence lock (PGlite's, or an older one): the lease alone decides.
    const leased = await claim(t.db, { workerId: 'leased', now, limit: 10, lockMs: 600_000 });
    expect(present).toHaveLength(3);
    expect(leased).toHaveLength(1);

    expect(await reclaimExpired(t.db, new Date())).toBe(0);
    // Another session cannot take a key that is held.
    const other = new pg.Client({ connectionString: t.url! });
    sessions.push(other);
    await other.connect();
    expect(await takePresence(other, 4242)).toBe(false);

    await session.end();
    expect(await reclaimExpired(t.db, new Date())).toBe(3);
    const rows = await t.db.query<{ key: string; state: string }>('select key, state from jobs order by key');
    expect(rows.rows).toEqual([
      { key: '1', state: 'pending' },
      { key: '2', state: 'pending' },
      { key: '3', state: 'pending' },
      { key: '9', state: 'running' },
    ]);
  });
});
