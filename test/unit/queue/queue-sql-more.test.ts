import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { claim } from '../../../src/queue/sql/claim.ts';
import { complete } from '../../../src/queue/sql/complete.ts';
import { enqueue } from '../../../src/queue/sql/enqueue.ts';
import { enqueueIfAbsent } from '../../../src/queue/sql/enqueue-if-absent.ts';
import { extendLeases } from '../../../src/queue/sql/extend-leases.ts';
import { fail } from '../../../src/queue/sql/fail.ts';
import { hasDueJobs, hasJobs, pendingJobsUpTo } from '../../../src/queue/sql/has-jobs.ts';
import { insertWithJobs } from '../../../src/queue/sql/insert-with-jobs.ts';
import { dropPortalPendingJobs } from '../../../src/queue/sql/drop-pending-jobs.ts';
import { DAY_MS, dailyHandler, scheduleDaily } from '../../../src/queue/daily-job.ts';
import { TASKS } from '../../../src/queue/tasks.ts';
import type { Job } from '../../../src/queue/job.ts';
import { inboxRowsInsert } from '../../../src/store/webhook-inbox.ts';
import type { Queryable } from '../../../src/store/db.ts';

const t0 = new Date('2026-11-22T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const opts = (over: Partial<Parameters<typeof claim>[1]> = {}) => ({
  workerId: 'w1',
  now: t0,
  limit: 100,
  lockMs: 60_000,
  ...over,
});

/**
 * The queue's statements not covered by queue-sql.test.ts: the intake's insert, the look-ups,
 * the daily jobs. On PostgreSQL only: the statements are the same on PGlite, where
 * queue-sql.test.ts runs the core of the queue, and a PGlite database takes seconds to migrate
 * (each test opens one), which a mutation run pays per mutant.
 */
describe('queue SQL, the rest (postgres)', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb('postgres');
  });
  afterEach(async () => {
    await t.drop();
  });

  const jobRows = async () =>
    (
      await t.db.query<{ portal_id: string; task: string; key: string; state: string; run_at: Date }>(
        'select portal_id, task, key, state, run_at from jobs order by portal_id, task, key, state',
      )
    ).rows.map((r) => ({ ...r, run_at: new Date(r.run_at).toISOString() }));

  it('a claimed job carries its row: payload, attempts, run time', async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'k', payload: { observedAt: 'x' }, runAt: at(-500) }], t0);
    const [job] = await claim(t.db, opts());
    expect(job).toEqual({
      portalId: '1',
      id: expect.any(Number),
      task: 'c',
      key: 'k',
      payload: { observedAt: 'x' },
      attempts: 1,
      maxAttempts: 12,
      runAt: at(-500),
    });
  });

  it('claim() hands a batch back in the order the jobs were enqueued, whatever their run times', async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'a', runAt: at(-1000) }], t0);
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'b', runAt: at(-2000) }], t0);
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'c', runAt: at(-3000) }], t0);
    expect((await claim(t.db, opts())).map((j) => j.key)).toEqual(['a', 'b', 'c']);
  });

  it('claim(tasks) takes only jobs of those tasks', async () => {
    await enqueue(
      t.db,
      [
        { portalId: '1', task: 'x', key: 'old', runAt: at(-5000) },
        { portalId: '1', task: 'y', key: 'new', runAt: at(-1000) },
      ],
      t0,
    );
    expect((await claim(t.db, opts({ tasks: ['y'] }))).map((j) => j.key)).toEqual(['new']);
    expect(await claim(t.db, opts({ tasks: ['y'] }))).toEqual([]);
    expect((await claim(t.db, opts())).map((j) => j.key)).toEqual(['old']);
  });

  it('insertWithJobs() stores the rows and queues one job per row, due at runAt, keyed by the row', async () => {
    const insert = inboxRowsInsert([
      { portalId: '7', events: '[]', receivedAt: t0, quarantineReason: null },
      { portalId: '8', events: '[]', receivedAt: t0, quarantineReason: null },
    ]);
    const queued = await insertWithJobs(t.db, insert.sql, insert.params, TASKS.webhookInbox, at(250));
    const inbox = (
      await t.db.query<{ portal_id: string; id: string }>(
        'select portal_id, id::text as id from webhook_inbox order by portal_id',
      )
    ).rows;
    expect(inbox).toHaveLength(2);
    expect([...queued].sort((a, b) => a.portalId.localeCompare(b.portalId))).toEqual(
      inbox.map((r) => ({ portalId: r.portal_id, key: r.id })),
    );
    expect(await jobRows()).toEqual(
      inbox.map((r) => ({
        portal_id: r.portal_id,
        task: TASKS.webhookInbox,
        key: r.id,
        state: 'pending',
        run_at: at(250).toISOString(),
      })),
    );
  });

  it('hasJobs() tells whether a portal has jobs of a task in the given states; hasDueJobs() whether any are due', async () => {
    await enqueue(
      t.db,
      [
        { portalId: '1', task: 'c', key: 'k' },
        { portalId: '2', task: 'd', key: 'k', runAt: at(60_000) },
      ],
      t0,
    );
    expect(await hasJobs(t.db, '1', 'c', ['pending'])).toBe(true);
    expect(await hasJobs(t.db, '1', 'c', ['running'])).toBe(false);
    expect(await hasJobs(t.db, '1', 'd', ['pending', 'running'])).toBe(false);
    expect(await hasJobs(t.db, '2', 'c', ['pending', 'running'])).toBe(false);
    expect(await hasJobs(t.db, '2', 'd', ['pending'])).toBe(true); // due or not
    expect(await hasDueJobs(t.db, 'c', t0)).toBe(true);
    expect(await hasDueJobs(t.db, 'd', t0)).toBe(false);
    expect(await hasDueJobs(t.db, 'd', at(60_000))).toBe(true);
    await claim(t.db, opts({ tasks: ['c'] }));
    expect(await hasJobs(t.db, '1', 'c', ['running'])).toBe(true);
    expect(await hasJobs(t.db, '1', 'c', ['pending'])).toBe(false);
    expect(await hasDueJobs(t.db, 'c', t0)).toBe(false); // claimed
  });

  it("pendingJobsUpTo() counts a portal's pending jobs of a task, due or not, up to the limit", async () => {
    await enqueue(
      t.db,
      [
        ...['a', 'b', 'c'].map((key) => ({ portalId: '1', task: 'c', key })),
        { portalId: '1', task: 'c', key: 'later', runAt: at(60_000) },
        { portalId: '1', task: 'd', key: 'a' },
        { portalId: '2', task: 'c', key: 'a' },
      ],
      t0,
    );
    expect(await pendingJobsUpTo(t.db, '1', 'c', 10)).toBe(4);
    expect(await pendingJobsUpTo(t.db, '1', 'c', 2)).toBe(2);
    expect(await pendingJobsUpTo(t.db, '3', 'c', 10)).toBe(0);
    await claim(t.db, opts({ tasks: ['c'], limit: 2 }));
    expect(await pendingJobsUpTo(t.db, '1', 'c', 10)).toBe(2);
  });

  it("dropPortalPendingJobs() drops every job of the portal that is not running, and no other portal's", async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'run' }], t0);
    await claim(t.db, opts());
    await enqueue(
      t.db,
      [
        { portalId: '1', task: 'c', key: 'a' },
        { portalId: '1', task: 'd', key: 'b', runAt: at(9e6) },
        { portalId: '2', task: 'c', key: 'a' },
      ],
      t0,
    );
    await dropPortalPendingJobs(t.db, '1');
    expect((await jobRows()).map((r) => [r.portal_id, r.key, r.state])).toEqual([
      ['1', 'run', 'running'],
      ['2', 'a', 'pending'],
    ]);
  });

  it('scheduleDaily() keeps the earlier time; dailyHandler() runs the work, then schedules the task a day later', async () => {
    await scheduleDaily(t.db, TASKS.pruneEvents, at(5_000), t0);
    await scheduleDaily(t.db, TASKS.pruneEvents, at(3_000), t0);
    expect(await jobRows()).toEqual([
      { portal_id: '', task: TASKS.pruneEvents, key: 'daily', state: 'pending', run_at: at(3_000).toISOString() },
    ]);
    const claimed = await claim(t.db, opts({ now: at(3_000) }));
    const work = vi.fn(async () => {});
    await dailyHandler(t.db, TASKS.pruneEvents, () => at(4_000), work)(claimed);
    expect(work).toHaveBeenCalledTimes(1);
    await complete(t.db, claimed, 'w1');
    expect(await jobRows()).toEqual([
      {
        portal_id: '',
        task: TASKS.pruneEvents,
        key: 'daily',
        state: 'pending',
        run_at: at(4_000 + DAY_MS).toISOString(),
      },
    ]);
  });

  it('a daily job whose work fails schedules no next day: the queue retries it first', async () => {
    const handler = dailyHandler(
      t.db,
      TASKS.resealTokens,
      () => t0,
      async () => {
        throw new Error('no key');
      },
    );
    await expect(handler([])).rejects.toThrow('no key');
    expect(await jobRows()).toEqual([]);
  });

  it('a pending job stored with doneSince (by an earlier deploy) loses it when a job owed in full folds in', async () => {
    // The field's name is data: a row enqueued before a deploy carries it as it was written then.
    await t.db.query(
      `insert into jobs (portal_id, task, key, payload, run_at) values ('1', 'c', 'k', '{"doneSince": "2026-11-22T10:00:01.000Z"}', $1)`,
      [t0.toISOString()],
    );
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'k' }], t0);
    const r = await t.db.query<{ payload: Record<string, unknown> }>('select payload from jobs');
    expect(r.rows).toEqual([{ payload: {} }]);
  });

  it('fail() stores at most 2,000 characters of the error', async () => {
    await enqueue(t.db, [{ portalId: '1', task: 'c', key: 'k' }], t0);
    const [job] = await claim(t.db, opts());
    await fail(t.db, [{ job: job!, error: `${'x'.repeat(1_999)}yz` }], 'w1', t0);
    const r = await t.db.query<{ last_error: string }>('select last_error from jobs');
    expect(r.rows[0]!.last_error).toBe(`${'x'.repeat(1_999)}y`);
  });
});

describe('queue SQL without the database', () => {
  const job: Job = {
    portalId: '1',
    id: 1,
    task: 'c',
    key: 'k',
    payload: {},
    attempts: 1,
    maxAttempts: 12,
    runAt: t0,
  };
  const fakeDb = (query: (sql: string) => Promise<unknown>) => ({ query, exec: vi.fn() }) as unknown as Queryable;

  it('an empty list sends no statement (a batch whose jobs all failed completes none)', async () => {
    const query = vi.fn();
    const db = fakeDb(query);
    expect(await enqueue(db, [], t0)).toBe(0);
    await enqueueIfAbsent(db, [], t0);
    await complete(db, [], 'w1');
    expect(await extendLeases(db, [], 'w1', t0, 1_000)).toEqual([]);
    expect(await fail(db, [], 'w1', t0)).toEqual({ retried: 0, dead: 0, merged: 0 });
    expect(query).not.toHaveBeenCalled();
  });

  it('fail() runs again when a twin enqueued after its snapshot breaks one pending job per key; other errors go up', async () => {
    const twin = Object.assign(new Error('duplicate key value violates unique constraint'), {
      constraint: 'jobs_one_pending_per_key',
    });
    const retried = vi
      .fn()
      .mockRejectedValueOnce(twin)
      .mockResolvedValueOnce({ rows: [{ state: 'merged' }] });
    expect(await fail(fakeDb(retried), [{ job, error: 'boom' }], 'w1', t0)).toEqual({
      retried: 0,
      dead: 0,
      merged: 1,
    });
    expect(retried).toHaveBeenCalledTimes(2);
    const other = Object.assign(new Error('duplicate key value'), { constraint: 'portal_turns_pkey' });
    const once = vi.fn().mockRejectedValue(other);
    await expect(fail(fakeDb(once), [{ job, error: 'boom' }], 'w1', t0)).rejects.toBe(other);
    expect(once).toHaveBeenCalledTimes(1);
  });
});
