import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { enqueue } from '../../../src/queue/sql/enqueue.ts';
import { claim } from '../../../src/queue/sql/claim.ts';
import { complete } from '../../../src/queue/sql/complete.ts';
import { fail } from '../../../src/queue/sql/fail.ts';
import { reclaimExpired } from '../../../src/queue/sql/reclaim.ts';
import { openDb } from '../../../src/store/open-db.ts';
import { extendLeases } from '../../../src/queue/sql/extend-leases.ts';
import { enqueueIfAbsent } from '../../../src/queue/sql/enqueue-if-absent.ts';
import { dropPendingJobs } from '../../../src/queue/sql/drop-pending-jobs.ts';
import { JOBS_CHANNEL } from '../../../src/queue/sql/jobs-channel.ts';
import { CONTACT_TASKS, TASKS } from '../../../src/queue/tasks.ts';
import { DONE_SINCE } from '../../../src/queue/job.ts';
import pg from 'pg';
import { vi } from 'vitest';

const t0 = new Date('2026-11-22T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const opts = (over: Partial<Parameters<typeof claim>[1]> = {}) => ({
  workerId: 'w1',
  now: t0,
  limit: 100,
  lockMs: 60_000,
  ...over,
});

describe.each(dbKinds)('queue SQL (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('enqueue(50 jobs for one contact) makes one pending job', async () => {
    const jobs = Array.from({ length: 50 }, () => ({ portalId: '1', task: 'contact-changed', key: '101' }));
    expect(await enqueue(t.db, jobs.slice(0, 25), t0)).toBe(1);
    expect(await enqueue(t.db, jobs.slice(25), t0)).toBe(0);
    const claimed = await claim(t.db, opts());
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({ portalId: '1', task: 'contact-changed', key: '101', attempts: 1 });
  });

  it('claim() takes due jobs of one portal and one task, oldest first, portals taking turns', async () => {
    await enqueue(
      t.db,
      [
        { portalId: 'B', task: 'x', key: 'b1', runAt: at(-1000) },
        { portalId: 'A', task: 'x', key: 'a1', runAt: at(-3000) },
        { portalId: 'A', task: 'x', key: 'a2', runAt: at(-2000) },
        { portalId: 'A', task: 'y', key: 'a3', runAt: at(-2500) },
        { portalId: 'A', task: 'x', key: 'a4', runAt: at(5000) },
      ],
      t0,
    );
    const first = await claim(t.db, opts());
    expect(first.map((j) => j.key).sort()).toEqual(['a1', 'a2']);
    const second = await claim(t.db, opts());
    expect(second.map((j) => j.key)).toEqual(['b1']);
    const third = await claim(t.db, opts());
    expect(third.map((j) => j.key)).toEqual(['a3']);
    expect(await claim(t.db, opts())).toEqual([]);
    expect((await claim(t.db, opts({ now: at(5000) }))).map((j) => j.key)).toEqual(['a4']);
  });

  it('a portal with a backlog of 500 jobs does not starve a portal with one (fair scheduling)', async () => {
    await enqueue(
      t.db,
      Array.from({ length: 500 }, (_, i) => ({ portalId: 'noisy', task: 'c', key: String(i), runAt: at(-60_000) })),
      t0,
    );
    await enqueue(t.db, [{ portalId: 'quiet', task: 'c', key: 'q', runAt: at(-1) }], t0);
    const order: string[] = [];
    for (let i = 0; i < 3; i++) order.push((await claim(t.db, opts({ limit: 100 })))[0]!.portalId);
    expect(order).toEqual(['noisy', 'quiet', 'noisy']);
  });

  it("a task's own claim limit replaces the general one (contact jobs are taken 500 at a time)", async () => {
    const jobs = (task: string, due: number) =>
      Array.from({ length: 600 }, (_, i) => ({ portalId: '1', task, key: String(i), runAt: at(due) }));
    // Contact jobs due first, so the claims take them first.
    await enqueue(t.db, [...jobs(TASKS.contactChanged, -2), ...jobs(TASKS.dealChanged, -1)], t0);
    const limits = { [TASKS.contactChanged]: 500 };
    const claims: string[] = [];
    for (let i = 0; i < 4; i++) {
      const claimed = await claim(t.db, opts({ limits }));
      claims.push(`${claimed[0]!.task} ${claimed.length}`);
    }
    expect(claims).toEqual(['contact-changed 500', 'contact-changed 100', 'deal-changed 100', 'deal-changed 100']);
  });

  it('a task that gathers is not claimed while a full claim is still arriving; other work is claimed meanwhile', async () => {
    const contacts = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ portalId: 'A', task: 'c', key: String(from + i) }));
    await enqueue(t.db, [...contacts(0, 50), { portalId: 'A', task: 'x', key: 'timer' }], t0);
    const arriving = { sizes: { c: 100 }, quietMs: 60_000, maxMs: 60_000 };
    expect((await claim(t.db, opts({ gather: arriving }))).map((j) => j.key)).toEqual(['timer']);
    expect(await claim(t.db, opts({ gather: arriving }))).toEqual([]);
    // Quiet since the last one came, or the oldest waited long enough: what is due goes.
    const quietClaim = await claim(t.db, opts({ gather: { ...arriving, quietMs: 0 } }));
    expect(quietClaim).toHaveLength(50);
    await complete(t.db, quietClaim, 'w1');
    await enqueue(t.db, contacts(100, 30), t0);
    const oldClaim = await claim(t.db, opts({ gather: { ...arriving, maxMs: 0 } }));
    expect(oldClaim).toHaveLength(30);
    await complete(t.db, oldClaim, 'w1');
    // A full claim goes at once, however fast more arrive.
    await enqueue(t.db, contacts(200, 120), t0);
    expect(await claim(t.db, opts({ gather: arriving }))).toHaveLength(100);
    expect(await claim(t.db, opts({ gather: arriving }))).toEqual([]);
  });

  it('a task that gathers waits, even full, while a feeder job of its portal is due or running, until its oldest waited maxMs', async () => {
    const contacts = (portalId: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ portalId, task: 'c', key: String(i) }));
    // Full claims, quiet: without a feeder they would go at once.
    await enqueue(t.db, [...contacts('A', 100), ...contacts('B', 100)], t0);
    await enqueue(t.db, [{ portalId: 'A', task: 'inbox', key: 'request-2' }], t0);
    const fed = { sizes: { c: 100 }, quietMs: 0, maxMs: 60_000, feeders: ['inbox'] };
    // Portal B has no request waiting: its contacts go; portal A's wait for its request.
    expect((await claim(t.db, opts({ gather: fed, tasks: ['c'] }))).map((j) => j.portalId)).toEqual(
      Array(100).fill('B'),
    );
    expect(await claim(t.db, opts({ gather: fed, tasks: ['c'] }))).toEqual([]);
    // The request being expanded still holds them; once done, they go.
    const request = await claim(t.db, opts({ gather: fed, tasks: ['inbox'] }));
    expect(request.map((j) => j.key)).toEqual(['request-2']);
    expect(await claim(t.db, opts({ gather: fed, tasks: ['c'] }))).toEqual([]);
    await complete(t.db, request, 'w1');
    const afterRequest = await claim(t.db, opts({ gather: fed, tasks: ['c'] }));
    expect(afterRequest.map((j) => j.portalId)).toEqual(Array(100).fill('A'));
    await complete(t.db, afterRequest, 'w1');
    // A request that keeps waiting holds them only until the oldest has waited maxMs.
    await enqueue(t.db, [...contacts('A', 100).map((j) => ({ ...j, key: `n${j.key}` }))], t0);
    await enqueue(t.db, [{ portalId: 'A', task: 'inbox', key: 'request-3' }], t0);
    expect(await claim(t.db, opts({ gather: fed, tasks: ['c'] }))).toEqual([]);
    expect(await claim(t.db, opts({ gather: { ...fed, maxMs: 0 }, tasks: ['c'] }))).toHaveLength(100);
  });

  it("a task that gathers is claimed by one claim at a time per portal, until that claim's lease runs out", async () => {
    const contacts = (portalId: string, from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ portalId, task: 'c', key: String(from + i) }));
    const quiet = { sizes: { c: 100 }, quietMs: 0, maxMs: 0 };
    await enqueue(t.db, contacts('A', 0, 100), t0);
    const first = await claim(t.db, opts({ gather: quiet, lockMs: 30_000 }));
    expect(first).toHaveLength(100);
    await enqueue(t.db, [...contacts('A', 100, 100), ...contacts('B', 0, 10)], t0);
    // Portal A's second claim waits for its first; portal B is not held by it.
    expect((await claim(t.db, opts({ gather: quiet }))).map((j) => j.portalId)).toEqual(Array(10).fill('B'));
    expect(await claim(t.db, opts({ gather: quiet }))).toEqual([]);
    // A claim whose worker died holds nothing once its lease ran out.
    expect(await claim(t.db, opts({ gather: quiet, now: at(30_001) }))).toHaveLength(100);
    await complete(t.db, first, 'w1');
  });

  it('a job due later is not claimed before its time (timers)', async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'timer', key: 'c1', runAt: at(30 * 86_400_000) }], t0);
    expect(await claim(t.db, opts({ now: at(30 * 86_400_000 - 1) }))).toEqual([]);
    expect(await claim(t.db, opts({ now: at(30 * 86_400_000) }))).toHaveLength(1);
  });

  it('an event arriving while its job runs makes a new pending job, and failing the old one drops it', async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: '101' }], t0);
    const [running] = await claim(t.db, opts());
    expect(await enqueue(t.db, [{ portalId: '1', task: 'c', key: '101' }], t0)).toBe(1);
    const r = await fail(t.db, [{ job: running!, error: 'boom' }], 'w1', t0);
    expect(r).toEqual({ retried: 0, dead: 0, merged: 1 });
    const left = await t.db.query<{ state: string }>('select state from jobs');
    expect(left.rows).toEqual([{ state: 'pending' }]);
  });

  it('DONE_SINCE holds only while every job merged into a pending one carried it, at the later time', async () => {
    const payloadOf = async (key: string) =>
      (await t.db.query<{ payload: Record<string, unknown> }>('select payload from jobs where key = $1', [key]))
        .rows[0]!.payload;
    const since = (ms: number) => ({ [DONE_SINCE]: at(ms).toISOString() });
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'both', payload: since(1000) }], t0);
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'both', payload: since(2000) }], t0);
    expect(await payloadOf('both')).toEqual(since(2000));
    // A job owed in full (the contact's own events) folded in: the work is owed in full.
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'one', payload: since(1000) }], t0);
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'one' }], t0);
    expect(await payloadOf('one')).toEqual({});
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'other' }], t0);
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'other', payload: since(1000) }], t0);
    expect(await payloadOf('other')).toEqual({});
  });

  it('a failed or reclaimed job folded into a pending twin takes away its DONE_SINCE', async () => {
    const payloads = async () =>
      (
        await t.db.query<{ key: string; payload: Record<string, unknown> }>(
          'select key, payload from jobs order by key, id',
        )
      ).rows;
    await enqueue(
      t.db,
      [
        { portalId: '1', task: 'c', key: 'f' },
        { portalId: '1', task: 'c', key: 'r' },
      ],
      t0,
    );
    const running = await claim(t.db, opts({ lockMs: 30_000 }));
    const twin = { [DONE_SINCE]: at(1000).toISOString(), observedAt: at(500).toISOString() };
    await enqueue(
      t.db,
      [
        { portalId: '1', task: 'c', key: 'f', payload: twin },
        { portalId: '1', task: 'c', key: 'r', payload: twin },
      ],
      t0,
    );
    await fail(t.db, [{ job: running.find((j) => j.key === 'f')!, error: 'boom' }], 'w1', t0);
    expect(await payloads()).toEqual([
      { key: 'f', payload: { observedAt: at(500).toISOString() } },
      { key: 'r', payload: {} },
      { key: 'r', payload: twin },
    ]);
    expect(await reclaimExpired(t.db, at(30_001))).toBe(1);
    expect(await payloads()).toEqual([
      { key: 'f', payload: { observedAt: at(500).toISOString() } },
      { key: 'r', payload: { observedAt: at(500).toISOString() } },
    ]);
  });

  it("fail() of two claims of one key in one batch keeps one pending and records the batch's other failures", async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: '101' }], t0);
    const [first] = await claim(t.db, opts());
    await enqueue(
      t.db,
      [
        { portalId: '1', task: 'c', key: '101' },
        { portalId: '1', task: 'c', key: '102' },
      ],
      t0,
    );
    const [second, other] = await claim(t.db, opts());
    expect([first!.key, second!.key, other!.key]).toEqual(['101', '101', '102']);
    const r = await fail(
      t.db,
      [first!, second!, other!].map((job) => ({ job, error: 'boom' })),
      'w1',
      t0,
    );
    expect(r).toEqual({ retried: 2, dead: 0, merged: 1 });
    const left = await t.db.query<{ key: string; state: string; attempts: number; last_error: string }>(
      'select key, state, attempts, last_error from jobs order by key',
    );
    expect(left.rows).toEqual([
      { key: '101', state: 'pending', attempts: 1, last_error: 'boom' },
      { key: '102', state: 'pending', attempts: 1, last_error: 'boom' },
    ]);
  });

  it('fail() backs off exponentially with jitter, then dead-letters with the last error', async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'k' }], t0);
    await t.db.query('update jobs set max_attempts = 3');
    let now = t0;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [job] = await claim(t.db, opts({ now }));
      expect(job?.attempts).toBe(attempt);
      const r = await fail(t.db, [{ job: job!, error: `HubSpot 503 on attempt ${attempt}` }], 'w1', now);
      if (attempt < 3) {
        expect(r.retried).toBe(1);
        const row = await t.db.query<{ run_at: Date }>('select run_at from jobs');
        const delay = new Date(row.rows[0]!.run_at).getTime() - now.getTime();
        delays.push(delay);
        expect(delay).toBeGreaterThanOrEqual(2 ** attempt * 500);
        expect(delay).toBeLessThanOrEqual(2 ** attempt * 1000);
        now = new Date(new Date(row.rows[0]!.run_at).getTime() + 1); // timestamps have microseconds
      } else {
        expect(r.dead).toBe(1);
      }
    }
    const dead = await t.db.query<{ state: string; last_error: string }>('select state, last_error from jobs');
    expect(dead.rows).toEqual([{ state: 'dead', last_error: 'HubSpot 503 on attempt 3' }]);
    expect(await claim(t.db, opts({ now: at(86_400_000) }))).toEqual([]);
  });

  it('fail(countAttempt: false, retryAt) waits as told and gives the attempt back (429)', async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'k' }], t0);
    const [job] = await claim(t.db, opts());
    await fail(t.db, [{ job: job!, error: '429', retryAt: at(7000), countAttempt: false }], 'w1', t0);
    expect(await claim(t.db, opts({ now: at(6999) }))).toEqual([]);
    const [again] = await claim(t.db, opts({ now: at(7000) }));
    expect(again?.attempts).toBe(1);
  });

  it('complete() deletes only jobs the worker holds', async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'k' }], t0);
    const jobs = await claim(t.db, opts());
    await complete(t.db, jobs, 'someone-else');
    expect((await t.db.query('select 1 from jobs')).rows).toHaveLength(1);
    await complete(t.db, jobs, 'w1');
    expect((await t.db.query('select 1 from jobs')).rows).toHaveLength(0);
  });

  it("reclaimExpired() gives a dead worker's jobs back once their lock expires", async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'k' }], t0);
    await claim(t.db, opts({ lockMs: 30_000 }));
    expect(await reclaimExpired(t.db, at(29_999))).toBe(0);
    expect(await reclaimExpired(t.db, at(30_001))).toBe(1);
    const [job] = await claim(t.db, opts({ now: at(30_001), workerId: 'w2' }));
    expect(job).toMatchObject({ key: 'k', attempts: 2 });
  });

  it('reclaimExpired() of two dead claims of one key (a job claimed while its twin ran) keeps one pending', async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'k' }], t0);
    await claim(t.db, opts({ lockMs: 30_000 }));
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'k', payload: { n: 2 } }], t0);
    await claim(t.db, opts({ lockMs: 30_000, workerId: 'w2' }));
    expect(await reclaimExpired(t.db, at(30_001))).toBe(2);
    const left = await t.db.query<{ state: string; payload: Record<string, unknown> }>(
      'select state, payload from jobs',
    );
    expect(left.rows).toEqual([{ state: 'pending', payload: { n: 2 } }]);
  });

  it('a claim whose lease ran out and whose job was claimed again (even by the same worker) completes and fails nothing', async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'k' }], t0);
    const [stale] = await claim(t.db, opts({ lockMs: 1000 }));
    expect(await reclaimExpired(t.db, at(1001))).toBe(1);
    const [fresh] = await claim(t.db, opts({ now: at(1001), lockMs: 1000 }));
    expect(fresh).toMatchObject({ id: stale!.id, attempts: 2 });
    await complete(t.db, [stale!], 'w1');
    expect(await fail(t.db, [{ job: stale!, error: 'late' }], 'w1', at(1002))).toEqual({
      retried: 0,
      dead: 0,
      merged: 0,
    });
    const row = await t.db.query<{ state: string; attempts: number }>('select state, attempts from jobs');
    expect(row.rows).toEqual([{ state: 'running', attempts: 2 }]);
    await complete(t.db, [fresh!], 'w1');
    expect((await t.db.query('select 1 from jobs')).rows).toHaveLength(0);
  });

  it('extendLeases() keeps a slow job from being reclaimed, and reports the jobs it lost', async () => {
    await enqueue(
      t.db,
      [
        { portalId: '1', task: 'c', key: 'a' },
        { portalId: '1', task: 'c', key: 'b' },
      ],
      t0,
    );
    const jobs = await claim(t.db, opts({ lockMs: 1000 }));
    expect(await extendLeases(t.db, jobs, 'w1', at(900), 1000)).toHaveLength(2);
    expect(await reclaimExpired(t.db, at(1500))).toBe(0);
    expect(await extendLeases(t.db, jobs.slice(0, 1), 'w1', at(1800), 1000)).toHaveLength(1);
    expect(await reclaimExpired(t.db, at(2000))).toBe(1); // b: no heartbeat since 900
    expect((await extendLeases(t.db, jobs, 'w1', at(2001), 1000)).map((j) => j.key)).toEqual(['a']);
    expect(await extendLeases(t.db, jobs, 'w2', at(2001), 1000)).toEqual([]);
  });

  it('enqueueIfAbsent() adds one job per object, never postpones a pending one', async () => {
    await enqueueIfAbsent(
      t.db,
      [
        { portalId: '1', task: 'c', key: 'k' },
        { portalId: '1', task: 'c', key: 'k' },
      ],
      at(100),
    );
    await enqueueIfAbsent(
      t.db,
      [
        { portalId: '1', task: 'c', key: 'k' },
        { portalId: '1', task: 'c', key: 'm' },
      ],
      at(5000),
    );
    const r = await t.db.query<{ key: string; run_at: Date }>('select key, run_at from jobs order by key');
    expect(r.rows.map((row) => [row.key, new Date(row.run_at).getTime() - t0.getTime()])).toEqual([
      ['k', 100],
      ['m', 5000],
    ]);
  });

  it("dropPendingJobs() drops the key's pending jobs of the given tasks and leaves a running one", async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'contact-changed', key: 'c1' }], t0);
    await claim(t.db, opts());
    await enqueue(
      t.db,
      [
        { portalId: '1', task: 'contact-changed', key: 'c1' },
        { portalId: '1', task: 'contact-timer', key: 'c1', runAt: at(9e6) },
        { portalId: '1', task: 'deal-changed', key: 'c1' },
        { portalId: '1', task: 'contact-changed', key: 'c2' },
      ],
      t0,
    );
    expect(await dropPendingJobs(t.db, '1', 'c1', ['contact-changed', 'contact-timer'])).toBe(2);
    const r = await t.db.query<{ task: string; key: string; state: string }>(
      'select task, key, state from jobs order by task, key, state',
    );
    expect(r.rows).toEqual([
      { task: 'contact-changed', key: 'c1', state: 'running' },
      { task: 'contact-changed', key: 'c2', state: 'pending' },
      { task: 'deal-changed', key: 'c1', state: 'pending' },
    ]);
  });

  it("dropPendingJobs(CONTACT_TASKS), as a privacy deletion calls it, leaves none of the contact's pending work", async () => {
    await enqueue(
      t.db,
      [
        { portalId: '1', task: TASKS.contactChanged, key: 'c1' },
        { portalId: '1', task: TASKS.contactTimer, key: 'c1', runAt: at(9e6) },
        { portalId: '1', task: TASKS.contactHealth, key: 'c1', runAt: at(8e6) },
        { portalId: '1', task: TASKS.stageDwell, key: 'dwell' },
      ],
      t0,
    );
    expect(await dropPendingJobs(t.db, '1', 'c1', CONTACT_TASKS)).toBe(3);
    const r = await t.db.query<{ task: string; key: string }>('select task, key from jobs');
    expect(r.rows).toEqual([{ task: TASKS.stageDwell, key: 'dwell' }]);
  });
});

describe('queue SQL (postgres, many workers)', () => {
  it('four workers claiming at once never get the same job', async () => {
    const t = await createTestDb('postgres');
    const workers = await Promise.all(
      Array.from({ length: 4 }, () => openDb({ kind: 'postgres', url: t.url!, poolSize: 2 })),
    );
    try {
      const jobs = Array.from({ length: 400 }, (_, i) => ({ portalId: String(i % 3), task: 'c', key: String(i) }));
      await enqueue(t.db, jobs, t0);
      const seen: string[] = [];
      await Promise.all(
        workers.map(async (db, w) => {
          for (;;) {
            const got = await claim(db, opts({ workerId: `w${w}`, limit: 7 }));
            if (got.length === 0) return;
            seen.push(...got.map((j) => `${j.portalId}/${j.key}`));
            await complete(db, got, `w${w}`);
          }
        }),
      );
      expect(seen).toHaveLength(400);
      expect(new Set(seen).size).toBe(400);
    } finally {
      await Promise.all(workers.map((db) => db.close()));
      await t.drop();
    }
  });
});

describe('queue SQL (postgres, LISTEN/NOTIFY)', () => {
  it('enqueue and enqueueIfAbsent notify listeners of due work; a timer due later wakes nobody', async () => {
    const t = await createTestDb('postgres');
    const listener = new pg.Client({ connectionString: t.url! });
    const heard: string[] = [];
    try {
      await listener.connect();
      listener.on('notification', (n) => heard.push(n.channel));
      await listener.query(`listen ${JOBS_CHANNEL}`);
      await enqueue(t.db, [{ portalId: '1', task: 'timer', key: 'k', runAt: at(86_400_000) }], t0);
      await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'k' }], t0);
      await vi.waitFor(() => expect(heard).toHaveLength(1));
      await enqueueIfAbsent(t.db, [{ portalId: '1', task: 'c', key: 'm' }], t0);
      await vi.waitFor(() => expect(heard).toHaveLength(2));
      await listener.query('select 1'); // anything the timer had sent would have arrived by now
      expect(heard).toEqual([JOBS_CHANNEL, JOBS_CHANNEL]);
    } finally {
      await listener.end();
      await t.drop();
    }
  });
});
