import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { listenForJobs, type JobListener } from '../../../src/queue/listen-for-jobs.ts';
import { takePresence } from '../../../src/queue/sql/worker-presence.ts';
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

// The presence keys the listener draws: the real random ones unless a test lines some up.
const draws = vi.hoisted(() => [] as number[]);
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return { ...real, randomInt: (min: number, max: number) => draws.shift() ?? real.randomInt(min, max) };
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
    draws.length = 0;
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

  /** Another session of the test database, to see whether a presence key is held. */
  async function otherSession(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: t.url! });
    await c.connect();
    return c;
  }

  it("holds the worker's presence while it lives, takes it again with the same key after a lost connection, and lets it go on close()", async () => {
    const other = await otherSession();
    try {
      listener = await listenForJobs({ url: t.url!, onWork: () => {}, log: captureLog().log, retryMs: 20 });
      const key = listener.presenceKey;
      expect(Number.isInteger(key) && key >= 1 && key < 2 ** 31).toBe(true);
      expect(await takePresence(other, key)).toBe(false);
      const lost = await dropListeningConnection();
      // Back once it listens again (its last statement): the presence is held by then.
      await vi.waitFor(async () => expect((await listening()).filter((pid) => pid !== lost)).toHaveLength(1), SLOW);
      expect(listener.presenceKey).toBe(key);
      expect(await takePresence(other, key)).toBe(false);
      await listener.close();
      listener = undefined;
      await vi.waitFor(async () => expect(await takePresence(other, key)).toBe(true), SLOW);
    } finally {
      await other.end();
    }
  });

  it('draws another presence key at the start when a live worker holds the one it drew', async () => {
    const other = await otherSession();
    try {
      expect(await takePresence(other, 777)).toBe(true);
      draws.push(777, 778);
      listener = await listenForJobs({ url: t.url!, onWork: () => {}, log: captureLog().log });
      expect(listener.presenceKey).toBe(778);
      expect(await takePresence(other, 778)).toBe(false);
    } finally {
      await other.end();
    }
  });

  it('keeps its key and listens on when another session took it while the connection was away, and says so', async () => {
    const other = await otherSession();
    const { log, lines } = captureLog();
    try {
      listener = await listenForJobs({ url: t.url!, onWork: () => {}, log, retryMs: 500 });
      const key = listener.presenceKey;
      const lost = await dropListeningConnection();
      await vi.waitFor(async () => expect(await takePresence(other, key)).toBe(true), SLOW);
      await vi.waitFor(async () => expect((await listening()).filter((pid) => pid !== lost)).toHaveLength(1), SLOW);
      expect(listener.presenceKey).toBe(key);
      expect(warnings(lines).map((w) => w.msg)).toEqual([
        'another session holds this worker presence key; its jobs wait out their lease',
      ]);
    } finally {
      await other.end();
    }
  });
});
