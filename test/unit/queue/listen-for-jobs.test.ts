import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { listenForJobs, type JobListener } from '../../../src/queue/listen-for-jobs.ts';
import { enqueue } from '../../../src/queue/sql/enqueue.ts';
import { createTestDb, TEST_POSTGRES_URL, type TestDb } from '../../helpers/test-db.ts';
import { captureLog } from '../../helpers/capture-log.ts';

// The listener's waits before opening its connection again, recorded and passed through: a test
// reads how long it meant to wait, and whether close() cut the wait short.
const sleeps = vi.hoisted(() => [] as Array<{ ms: number | undefined; signal: AbortSignal | undefined }>);
vi.mock('node:timers/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:timers/promises')>();
  return {
    ...real,
    setTimeout: <T>(ms?: number, value?: T, options?: { signal?: AbortSignal }) => {
      sleeps.push({ ms, signal: options?.signal });
      return real.setTimeout(ms, value, options);
    },
  };
});

/** Lets every promise chain already under way run to its end. */
const settle = () => new Promise<void>((r) => setImmediate(r));

/** A connection, a notification or a refusal takes a few round trips: ample time on a loaded machine. */
const SLOW = { timeout: 10_000, interval: 10 };

/**
 * The unit test of the LISTEN connection on a real PostgreSQL (a database of its own), in this
 * process: test/integration/queue-listen-notify.test.ts covers the same through a worker process,
 * which Stryker's per-test coverage cannot see into.
 */
describe('listenForJobs (PostgreSQL LISTEN/NOTIFY)', () => {
  let t: TestDb;
  let admin: pg.Client;
  let listener: JobListener | undefined;
  let database: string;
  beforeEach(async () => {
    sleeps.length = 0;
    t = await createTestDb('postgres');
    database = new URL(t.url!).pathname.slice(1);
    // The admin connection is to another database: it can refuse connections to the test one.
    admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
  });
  afterEach(async () => {
    await listener?.close();
    listener = undefined;
    await admin.end();
    await t.drop();
  });

  /** The server's backends of the test database that listen for jobs. */
  const listening = async () =>
    (
      await admin.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = $1 and query ilike 'listen %'`,
        [database],
      )
    ).rows.map((r) => r.pid);
  const dropListeningConnection = async () => {
    const [pid] = await listening();
    expect(pid).toBeDefined();
    await admin.query('select pg_terminate_backend($1)', [pid]);
    return pid!;
  };
  const due = (key: string) => enqueue(t.db, [{ portalId: '1', task: 'c', key }], new Date());
  const warnings = (lines: () => string[]) =>
    lines()
      .map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message: string } })
      .filter((e) => e.level >= 40);

  it('wakes the worker when another connection enqueues due work', async () => {
    const onWork = vi.fn();
    listener = await listenForJobs({ url: t.url!, onWork, log: captureLog().log });
    expect(onWork).not.toHaveBeenCalled();
    await due('k1');
    await vi.waitFor(() => expect(onWork).toHaveBeenCalledTimes(1), SLOW);
    await due('k2');
    await vi.waitFor(() => expect(onWork).toHaveBeenCalledTimes(2), SLOW);
  });

  it('opens a lost connection again after retryMs, wakes the worker then, and hears new work again', async () => {
    const onWork = vi.fn();
    const { log, lines } = captureLog();
    listener = await listenForJobs({ url: t.url!, onWork, log, retryMs: 20 });
    const lost = await dropListeningConnection();
    // Notifications sent while it was away are gone: it wakes the worker once it is back.
    await vi.waitFor(() => expect(onWork).toHaveBeenCalledTimes(1), SLOW);
    expect(sleeps.map((s) => s.ms)).toEqual([20]);
    const [back] = await listening();
    expect(back).toBeDefined();
    expect(back).not.toBe(lost);
    await due('k1');
    await vi.waitFor(() => expect(onWork).toHaveBeenCalledTimes(2), SLOW);
    expect(warnings(lines)).toEqual([]);
  });

  it('keeps trying while the database refuses connections, logging each failure, and wakes the worker once back', async () => {
    const onWork = vi.fn();
    const { log, lines } = captureLog();
    listener = await listenForJobs({ url: t.url!, onWork, log, retryMs: 20 });
    await admin.query(`alter database ${database} allow_connections false`);
    await dropListeningConnection();
    await vi.waitFor(() => expect(warnings(lines).length).toBeGreaterThanOrEqual(2), SLOW);
    expect(onWork).not.toHaveBeenCalled();
    for (const w of warnings(lines)) {
      expect(w).toMatchObject({ level: 40, msg: 'LISTEN connection for new jobs failed; polling until it is back' });
      expect(w.err?.message).toMatch(/not currently accepting connections/);
    }
    await admin.query(`alter database ${database} allow_connections true`);
    await vi.waitFor(() => expect(onWork).toHaveBeenCalledTimes(1), SLOW);
    expect(await listening()).toHaveLength(1);
  });

  it('close() ends the connection and opens no other', async () => {
    const onWork = vi.fn();
    listener = await listenForJobs({ url: t.url!, onWork, log: captureLog().log, retryMs: 20 });
    await listener.close();
    listener = undefined;
    await settle();
    // The connection's end is not taken for a loss: no wait to open it again begins.
    expect(sleeps).toEqual([]);
    await vi.waitFor(async () => expect(await listening()).toEqual([]), SLOW);
    expect(onWork).not.toHaveBeenCalled();
  });

  it('close() while waiting to open a lost connection again (1 s unless told) ends the wait and opens none', async () => {
    const onWork = vi.fn();
    listener = await listenForJobs({ url: t.url!, onWork, log: captureLog().log });
    await dropListeningConnection();
    await vi.waitFor(() => expect(sleeps).toHaveLength(1), SLOW);
    expect(sleeps[0]!.ms).toBe(1_000);
    const connects = vi.spyOn(pg.Client.prototype, 'connect');
    try {
      await listener.close();
      listener = undefined;
      expect(sleeps[0]!.signal?.aborted).toBe(true);
      await settle();
      expect(connects).not.toHaveBeenCalled();
    } finally {
      connects.mockRestore();
    }
    expect(onWork).not.toHaveBeenCalled();
  });
});
