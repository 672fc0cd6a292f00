import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { createWorker, type WorkerDeps } from '../../../src/queue/create-worker.ts';
import type { Job, JobFailure } from '../../../src/queue/job.ts';
import { captureLog } from '../../helpers/capture-log.ts';

// The waits the worker asks for (its poll, the pause after an error, the reclaim period, the
// drain), recorded and passed through: a test reads how long the worker meant to wait instead
// of measuring it on a shared machine's clock.
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

const log = pino({ level: 'silent' });
const job = (id: number, task = 't'): Job => ({
  portalId: '1',
  id,
  task,
  key: String(id),
  payload: {},
  attempts: 1,
  maxAttempts: 12,
  runAt: new Date(0),
});

/** A promise the test settles: a handler, claim or extend that answers when told. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Lets every promise chain that is already under way run to its end (they wait on no timer). */
const settle = () => new Promise<void>((r) => setImmediate(r));

/**
 * Waits until `done()` holds, a turn of the event loop at a time: for the tests with a fake
 * setInterval, where vi.waitFor would move the fake clock (and beat the heartbeat) as it polls.
 */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`[until] ${what} did not happen within 5 s`);
    await settle();
  }
}

/** A queue in memory holding `jobs` once: the worker's deps, with what it did recorded. */
function memoryQueue(jobs: Job[], over: Partial<WorkerDeps> = {}) {
  let pending = [...jobs];
  const done: Job[] = [];
  const failed: Job[] = [];
  const failures: JobFailure[][] = [];
  const extended: number[] = [];
  const deps: WorkerDeps = {
    claim: async () => pending.splice(0),
    complete: async (js) => void done.push(...js),
    fail: async (fs) => (failures.push(fs), failed.push(...fs.map((f) => f.job)), { dead: 0 }),
    reclaim: async () => 0,
    extend: async (js) => (extended.push(Date.now()), js),
    handlers: {},
    log,
    concurrency: 1,
    pollMs: 20,
    ...over,
  };
  return { deps, done, failed, failures, extended, add: (js: Job[]) => (pending = [...pending, ...js]) };
}

/** The worker's log lines at warn and above, as level name, message and fields. */
function warnings(lines: () => string[]) {
  const levels: Record<number, string> = { 40: 'warn', 50: 'error', 60: 'fatal' };
  return lines()
    .map((l) => JSON.parse(l) as { level: number; msg: string; [field: string]: unknown })
    .filter((e) => e.level >= 40)
    .map(({ level, msg, time: _t, service: _s, ...fields }) => ({ level: levels[level], msg, ...fields }));
}

beforeEach(() => {
  sleeps.length = 0;
});

describe('createWorker', () => {
  it('extends the lease of a batch while its handler runs, and stops when it is done', async () => {
    let finish!: () => void;
    const q = memoryQueue([job(1)], { leaseMs: 90 });
    q.deps.handlers = { t: () => new Promise<void>((r) => (finish = r)) };
    // Every interval the worker starts (heartbeats, the reclaim loop) must be cleared by the end.
    const started = vi.spyOn(globalThis, 'setInterval');
    const cleared = vi.spyOn(globalThis, 'clearInterval');
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(q.extended.length).toBeGreaterThanOrEqual(3), { timeout: 5_000, interval: 10 });
    finish();
    await vi.waitFor(() => expect(q.done.map((j) => j.id)).toEqual([1]));
    await worker.stop();
    const timers = started.mock.results.map((r) => r.value as unknown);
    expect(timers.length).toBeGreaterThan(0);
    expect(timers.filter((t) => !cleared.mock.calls.some(([c]) => c === t))).toEqual([]);
    started.mockRestore();
    cleared.mockRestore();
  });

  it('a batch whose lease another worker took is aborted, and its jobs are not completed as if held', async () => {
    let seen: AbortSignal | undefined;
    const q = memoryQueue([job(1), job(2)], { leaseMs: 60, extend: async (js) => js.slice(1) });
    q.deps.handlers = {
      t: (_jobs, signal) =>
        new Promise((_, reject) => {
          seen = signal;
          signal!.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(q.failed.map((j) => j.id)).toEqual([1, 2]), { timeout: 5_000, interval: 10 });
    expect(seen?.aborted).toBe(true);
    expect(q.done).toEqual([]);
    await worker.stop();
  });

  it("stop() gives up after drainMs: the handler's signal aborts and the jobs are left to the lease", async () => {
    let signal: AbortSignal | undefined;
    const { log, lines } = captureLog();
    const q = memoryQueue([job(1)], { drainMs: 150, log });
    q.deps.handlers = { t: (_jobs, s) => ((signal = s), new Promise<void>(() => {})) }; // never finishes
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(signal).toBeDefined());
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(signal!.aborted).toBe(true);
    // A handler passing the signal on sees why its calls were cut.
    expect((signal!.reason as Error).message).toBe('[queue] drain gave up after 150 ms');
    expect(q.done).toEqual([]);
    expect(q.failed).toEqual([]);
    expect(warnings(lines)).toEqual([
      {
        level: 'warn',
        msg: 'drain gave up; the jobs in hand run again elsewhere when their lease expires',
        drainMs: 150,
      },
    ]);
  });

  it('stop() waits for a batch that finishes within drainMs, and completes it', async () => {
    let finish!: () => void;
    let signal: AbortSignal | undefined;
    const { log, lines } = captureLog();
    const q = memoryQueue([job(1)], { drainMs: 5_000, log });
    q.deps.handlers = { t: (_jobs, s) => ((signal = s), new Promise<void>((r) => (finish = r))) };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(finish).toBeDefined());
    const stopped = worker.stop(); // the drain has begun: the batch finishes after it started
    finish();
    await stopped;
    expect(q.done.map((j) => j.id)).toEqual([1]);
    // A drain in time gives nothing up.
    expect(signal!.aborted).toBe(false);
    expect(warnings(lines)).toEqual([]);
  });

  it('stop() of an idle worker returns at once: neither the poll nor the reclaim period holds it', async () => {
    const { log, lines } = captureLog();
    const q = memoryQueue([], { log, pollMs: 60_000, reclaimEveryMs: 60_000, drainMs: 1_000 });
    const worker = createWorker(q.deps);
    // Both loops asleep: the claim loop for its poll, the reclaim loop for its period.
    await vi.waitFor(() => expect(sleeps.filter((s) => s.ms === 60_000)).toHaveLength(2));
    await worker.stop();
    expect(warnings(lines)).toEqual([]);
  });

  it('stop() waits 10 s for the jobs in hand unless told otherwise', async () => {
    const q = memoryQueue([]);
    const worker = createWorker(q.deps);
    await worker.stop();
    const drain = sleeps.find((s) => s.ms === 10_000);
    expect(drain).toBeDefined();
    // Drained in time: the drain's timer is cancelled, not left to hold the process for 10 s.
    expect(drain!.signal?.aborted).toBe(true);
  });

  it('reclaimed jobs wake the idle loops at once instead of at their next poll', async () => {
    let reclaimed = false;
    let claims = 0;
    const { log, lines } = captureLog();
    const q = memoryQueue([], { pollMs: 60_000, reclaimEveryMs: 50, log });
    const claim = q.deps.claim;
    q.deps.claim = async (n) => (claims++, claim(n));
    q.deps.handlers = { t: async () => {} };
    q.deps.reclaim = async () => {
      if (reclaimed) return 0;
      // The claim loop found nothing; one turn of the event loop later it sleeps for its 60 s poll.
      await vi.waitFor(() => expect(claims).toBeGreaterThan(0), { interval: 5 });
      await new Promise((r) => setImmediate(r));
      reclaimed = true;
      q.add([job(7)]);
      return 1;
    };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(q.done.map((j) => j.id)).toEqual([7]), { timeout: 3_000, interval: 10 });
    await worker.stop();
    expect(warnings(lines)).toEqual([
      { level: 'warn', msg: 'reclaimed jobs of a worker that stopped without finishing them', jobs: 1 },
    ]);
  });

  it('a reclaim that gives nothing back wakes nobody and logs nothing', async () => {
    let claims = 0;
    let reclaims = 0;
    const { log, lines } = captureLog();
    const q = memoryQueue([], { pollMs: 60_000, reclaimEveryMs: 20, log });
    const claim = q.deps.claim;
    q.deps.claim = async (n) => (claims++, claim(n));
    q.deps.reclaim = async () => (reclaims++, 0);
    const worker = createWorker(q.deps);
    // The reclaim loop's own period is the clock: three turns, and the idle loop slept through them.
    await vi.waitFor(() => expect(reclaims).toBeGreaterThanOrEqual(3));
    expect(claims).toBe(1);
    await worker.stop();
    expect(warnings(lines)).toEqual([]);
  });

  it('a reclaim that throws is logged and tried again at its next period', async () => {
    let reclaims = 0;
    const { log, lines } = captureLog();
    const q = memoryQueue([], { reclaimEveryMs: 20, log });
    q.deps.reclaim = async () => {
      reclaims++;
      if (reclaims === 1) throw new Error('connection reset');
      return 0;
    };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(reclaims).toBeGreaterThanOrEqual(2));
    await worker.stop();
    expect(warnings(lines)).toMatchObject([
      { level: 'error', msg: 'reclaiming expired jobs failed', err: { message: 'connection reset' } },
    ]);
  });

  it('reclaims a few times per lease (a quarter of it, between 50 ms and 5 s) unless told how often', async () => {
    const periods = async (over: Partial<WorkerDeps>) => {
      sleeps.length = 0;
      let reclaims = 0;
      const q = memoryQueue([], { pollMs: 60_000, ...over });
      q.deps.reclaim = async () => (reclaims++, 0);
      const worker = createWorker(q.deps);
      await vi.waitFor(() => expect(reclaims).toBeGreaterThanOrEqual(1));
      await settle();
      await worker.stop();
      return sleeps.map((s) => s.ms).filter((ms) => ms !== 60_000 && ms !== 10_000);
    };
    expect(await periods({ leaseMs: 400 })).toEqual([100]);
    expect(await periods({ leaseMs: 100 })).toEqual([50]);
    expect(await periods({ leaseMs: 60_000 })).toEqual([5_000]);
    expect(await periods({})).toEqual([3_750]); // the default lease, 15 s
    expect(await periods({ leaseMs: 400, reclaimEveryMs: 70 })).toEqual([70]);
  });

  it('jobs claimed while the drain gives up are not handed to a handler (nobody would finish them)', async () => {
    let claimed!: (jobs: Job[]) => void;
    const q = memoryQueue([], { drainMs: 0 });
    const handled: number[] = [];
    q.deps.handlers = { t: async (jobs) => void handled.push(...jobs.map((j) => j.id)) };
    q.deps.claim = () => new Promise<Job[]>((r) => (claimed = r)); // a claim in flight
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(claimed).toBeDefined());
    await worker.stop();
    claimed([job(5)]);
    await new Promise((r) => setImmediate(r));
    expect(handled).toEqual([]);
    expect(q.done).toEqual([]);
  });

  it('a claim that fails while the drain gives up is not logged as an error (the database may be closing)', async () => {
    const claim = deferred<Job[]>();
    const { log, lines } = captureLog();
    const q = memoryQueue([], { drainMs: 0, log, claim: () => claim.promise });
    const worker = createWorker(q.deps);
    await worker.stop();
    claim.reject(new Error('Cannot use a pool after calling end on the pool'));
    await settle();
    expect(warnings(lines).filter((w) => w.level === 'error')).toEqual([]);
  });

  it('a batch whose handler ends after the drain gave up is neither completed nor failed', async () => {
    const q = memoryQueue([job(1)], { drainMs: 0 });
    let signal: AbortSignal | undefined;
    // A handler that passes its signal on: its call rejects as soon as the drain gives up.
    q.deps.handlers = {
      t: (_jobs, s) =>
        new Promise((_, reject) => {
          signal = s;
          s!.addEventListener('abort', () => reject(s!.reason));
        }),
    };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(signal).toBeDefined());
    await worker.stop();
    await settle();
    expect(signal!.aborted).toBe(true);
    expect(q.done).toEqual([]);
    expect(q.failed).toEqual([]);
  });
});

describe('createWorker: outcomes of a batch', () => {
  it('a handler that throws fails every job of its batch with its error, to be retried; none is completed', async () => {
    const { log, lines } = captureLog();
    const done: Array<[string, string, number]> = [];
    const q = memoryQueue([job(1), job(2)], { log, onJobsDone: (...a) => void done.push(a) });
    q.deps.handlers = {
      t: async () => {
        throw new Error('HubSpot answered 503');
      },
    };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(q.failures).toHaveLength(1));
    await worker.stop();
    expect(q.failures[0]!.map((f) => [f.job.id, f.error])).toEqual([
      [1, 'HubSpot answered 503'],
      [2, 'HubSpot answered 503'],
    ]);
    expect(q.done).toEqual([]);
    expect(done).toEqual([
      ['t', 'done', 0],
      ['t', 'failed', 2],
      ['t', 'dead', 0],
    ]);
    expect(warnings(lines)).toEqual([
      {
        level: 'warn',
        msg: 'jobs failed and will be retried',
        task: 't',
        portalId: '1',
        failed: 2,
        dead: 0,
        error: 'HubSpot answered 503',
      },
    ]);
  });

  it('the failures a handler returns are failed, the other jobs completed, dead letters logged as errors', async () => {
    const { log, lines } = captureLog();
    const done: Array<[string, string, number]> = [];
    const q = memoryQueue([job(1), job(2), job(3)], {
      log,
      onJobsDone: (...a) => void done.push(a),
      fail: async (fs) => (q.failures.push(fs), { dead: 1 }),
    });
    q.deps.handlers = {
      t: async (jobs) => [
        { job: jobs[0]!, error: 'contact 1 is gone' },
        { job: jobs[2]!, error: 'contact 3 is gone' },
      ],
    };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(q.failures).toHaveLength(1));
    await worker.stop();
    expect(q.done.map((j) => j.id)).toEqual([2]);
    expect(q.failures[0]!.map((f) => f.job.id)).toEqual([1, 3]);
    expect(done).toEqual([
      ['t', 'done', 1],
      ['t', 'failed', 1],
      ['t', 'dead', 1],
    ]);
    expect(warnings(lines)).toEqual([
      {
        level: 'error',
        msg: 'jobs moved to the dead-letter state after their last attempt',
        task: 't',
        portalId: '1',
        failed: 2,
        dead: 1,
        error: 'contact 1 is gone',
      },
    ]);
  });

  it('a batch that succeeds is completed and counted, and nothing is failed or logged', async () => {
    const { log, lines } = captureLog();
    const done: Array<[string, string, number]> = [];
    const fail = vi.fn(async () => ({ dead: 0 }));
    const q = memoryQueue([job(1), job(2)], { log, fail, onJobsDone: (...a) => void done.push(a) });
    q.deps.handlers = { t: async () => [] };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(q.done).toHaveLength(2));
    await worker.stop();
    expect(done).toEqual([['t', 'done', 2]]);
    expect(fail).not.toHaveBeenCalled();
    expect(warnings(lines)).toEqual([]);
  });

  it('without onJobsDone a failed batch is still failed, and logged once', async () => {
    const { log, lines } = captureLog();
    const q = memoryQueue([job(1)], { log });
    q.deps.handlers = { t: async (jobs) => [{ job: jobs[0]!, error: 'boom' }] };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(q.failed.map((j) => j.id)).toEqual([1]));
    await settle();
    await worker.stop();
    expect(warnings(lines).map((w) => w.msg)).toEqual(['jobs failed and will be retried']);
  });

  it('a job of a task no handler knows fails with an error naming the task', async () => {
    const q = memoryQueue([job(1, 'brand-new-task')]);
    q.deps.handlers = { t: async () => {} };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(q.failures).toHaveLength(1));
    await worker.stop();
    expect(q.failures[0]![0]!.error).toBe(
      '[queue] no handler for task "brand-new-task": is this worker older than the one that enqueued it?',
    );
    expect(q.done).toEqual([]);
  });
});

describe('createWorker: claim loops', () => {
  it('runs two claim loops unless told how many, each asleep for its poll after an empty claim', async () => {
    const loops = async (over: Partial<WorkerDeps>) => {
      let claims = 0;
      const q = memoryQueue([], { pollMs: 60_000, ...over, claim: async () => (claims++, []) });
      const worker = createWorker(q.deps);
      await settle();
      await worker.stop();
      return claims;
    };
    expect(await loops({ concurrency: undefined })).toBe(2);
    expect(await loops({ concurrency: 1 })).toBe(1);
    expect(await loops({ concurrency: 3 })).toBe(3);
  });

  it('loops claim one at a time, and a failed claim does not stop the next', async () => {
    const claims: Array<ReturnType<typeof deferred<Job[]>>> = [];
    const q = memoryQueue([], {
      concurrency: 2,
      pollMs: 60_000,
      claim: () => {
        claims.push(deferred<Job[]>());
        return claims.at(-1)!.promise;
      },
    });
    const worker = createWorker(q.deps);
    await settle();
    expect(claims).toHaveLength(1); // the second loop waits for the first claim
    claims[0]!.reject(new Error('deadlock detected'));
    await settle();
    expect(claims).toHaveLength(2);
    claims[1]!.resolve([]);
    await worker.stop();
  });

  it('claims batches of 100 unless told otherwise, and the next batch at once after one', async () => {
    const limits: number[] = [];
    const q = memoryQueue([], { pollMs: 60_000 });
    const batches = [[job(1)], [job(2)]];
    q.deps.claim = async (n) => (limits.push(n), batches.shift() ?? []);
    q.deps.handlers = { t: async () => {} };
    const worker = createWorker(q.deps);
    // Two batches in a row with a 60 s poll: no wait between them.
    await vi.waitFor(() => expect(q.done.map((j) => j.id)).toEqual([1, 2]));
    await worker.stop();
    expect(limits).toEqual([100, 100, 100]);
    const small = memoryQueue([], { batchSize: 7, claim: async (n) => (limits.push(n), []) });
    await createWorker(small.deps).stop();
    expect(limits.at(-1)).toBe(7);
  });

  it('an empty claim during which a wake came is followed by another claim at once, not by a poll', async () => {
    // The work the wake announces was committed after the claim's snapshot: the claim missed it.
    const claims: Array<ReturnType<typeof deferred<Job[]>>> = [];
    const q = memoryQueue([], {
      pollMs: 60_000,
      claim: () => {
        claims.push(deferred<Job[]>());
        return claims.at(-1)!.promise;
      },
    });
    q.deps.handlers = { t: async () => {} };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(claims).toHaveLength(1));
    worker.wake(); // a NOTIFY while the claim reads
    claims[0]!.resolve([]);
    await vi.waitFor(() => expect(claims).toHaveLength(2));
    claims[1]!.resolve([job(1)]);
    await vi.waitFor(() => expect(q.done.map((j) => j.id)).toEqual([1]));
    await vi.waitFor(() => expect(claims).toHaveLength(3));
    claims[2]!.resolve([]);
    await settle();
    expect(claims).toHaveLength(3); // no wake this time: asleep for its poll
    await worker.stop();
  });

  describe('waitAfterShortClaim (a loop whose new work always wakes it)', () => {
    /** A loop of one, a 60 s poll; `claims` answers each claim in turn, then nothing. */
    const loop = (answers: Job[][], over: Partial<WorkerDeps> = {}) => {
      let claims = 0;
      const q = memoryQueue([], {
        pollMs: 60_000,
        waitAfterShortClaim: true,
        ...over,
        claim: async () => (claims++, answers.shift() ?? []),
      });
      q.deps.handlers = { t: over.handlers?.t ?? (async () => {}) };
      return { q, claims: () => claims };
    };

    it('after a short claim, waits for a wake instead of claiming again and finding nothing', async () => {
      const { q, claims } = loop([[job(1)], [job(2)]]);
      const worker = createWorker(q.deps);
      await vi.waitFor(() => expect(q.done.map((j) => j.id)).toEqual([1]));
      for (let i = 0; i < 5; i++) await settle();
      expect(claims()).toBe(1); // no second claim: the first took all that was due
      worker.wake(); // a request stored
      await vi.waitFor(() => expect(q.done.map((j) => j.id)).toEqual([1, 2]));
      await worker.stop();
    });

    it('claims again at once when a wake came while its batch ran', async () => {
      const running = deferred<void>();
      const { q, claims } = loop([[job(1)], [job(2)]], { handlers: { t: () => running.promise } });
      const worker = createWorker(q.deps);
      await vi.waitFor(() => expect(claims()).toBe(1));
      worker.wake(); // stored while the batch ran: not taken by the claim before it
      running.resolve();
      await vi.waitFor(() => expect(q.done.map((j) => j.id)).toEqual([1, 2]));
      await worker.stop();
    });

    it('claims again at once after a full claim (more may be due)', async () => {
      const { q } = loop([[job(1), job(2)], [job(3)]], { batchSize: 2 });
      const worker = createWorker(q.deps);
      await vi.waitFor(() => expect(q.done.map((j) => j.id)).toEqual([1, 2, 3]));
      await worker.stop();
    });
  });

  it('polls every pollMs (250 ms unless told otherwise) while there is no work', async () => {
    const polls = async (over: Partial<WorkerDeps>) => {
      sleeps.length = 0;
      const q = memoryQueue([], { reclaimEveryMs: 60_000, ...over });
      const worker = createWorker(q.deps);
      await vi.waitFor(() => expect(sleeps.length).toBeGreaterThanOrEqual(2));
      await worker.stop();
      return [...new Set(sleeps.map((s) => s.ms).filter((ms) => ms !== 60_000 && ms !== 10_000))];
    };
    expect(await polls({ pollMs: undefined })).toEqual([250]);
    expect(await polls({ pollMs: 40 })).toEqual([40]);
  });

  it('a claim that throws is logged, and the loop tries again after a pause of four polls (at most 5 s)', async () => {
    const pauses = async (pollMs: number) => {
      sleeps.length = 0;
      const { log, lines } = captureLog();
      let claims = 0;
      const q = memoryQueue([], {
        log,
        pollMs,
        reclaimEveryMs: 60_000,
        claim: async () => {
          if (++claims === 1) throw new Error('connection terminated');
          return [];
        },
      });
      const worker = createWorker(q.deps);
      await vi.waitFor(() => expect(sleeps.map((s) => s.ms)).toContain(Math.min(pollMs * 4, 5_000)));
      const pause = sleeps.find((s) => s.ms === Math.min(pollMs * 4, 5_000))!;
      await worker.stop();
      // stop() ends the pause: it is not waited out.
      expect(pause.signal?.aborted).toBe(true);
      expect(warnings(lines)).toMatchObject([
        { level: 'error', msg: 'worker loop error; retrying after a pause', err: { message: 'connection terminated' } },
      ]);
      return sleeps.map((s) => s.ms).filter((ms) => ms !== 60_000 && ms !== 10_000 && ms !== pollMs);
    };
    expect(await pauses(100)).toEqual([400]);
    expect(await pauses(2_000)).toEqual([5_000]);
    // The loop goes on after the pause, and its poll (a failed claim brought no work).
    sleeps.length = 0;
    let claims = 0;
    let waitedBeforeRetry: Array<number | undefined> = [];
    const q = memoryQueue([job(3)], { pollMs: 5, reclaimEveryMs: 60_000 });
    const claim = q.deps.claim;
    q.deps.claim = async (n) => {
      if (++claims === 1) throw new Error('connection terminated');
      if (claims === 2) waitedBeforeRetry = sleeps.map((s) => s.ms).filter((ms) => ms !== 60_000);
      return claim(n);
    };
    q.deps.handlers = { t: async () => {} };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(q.done.map((j) => j.id)).toEqual([3]));
    await worker.stop();
    expect(waitedBeforeRetry).toEqual([20, 5]);
  });
});

/**
 * The heartbeat runs on setInterval, faked here: the test moves its clock, so the period and
 * what each beat does are exact. The claim loops and the drain wait on node:timers/promises,
 * which stays real.
 */
describe('createWorker: the lease heartbeat', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A worker holding one batch whose handler runs until the test ends it. */
  async function running(over: Partial<WorkerDeps>, jobs = [job(1)]) {
    const { log, lines } = captureLog();
    const handler = deferred<void>();
    let signal: AbortSignal | undefined;
    const q = memoryQueue(jobs, { log, pollMs: 60_000, reclaimEveryMs: 60_000, ...over });
    q.deps.handlers = { t: (_jobs, s) => ((signal = s), handler.promise) };
    const worker = createWorker(q.deps);
    await until(() => signal !== undefined, 'the handler started');
    return { q, worker, handler, signal: signal!, lines };
  }

  it('extends the lease every third of it while the handler runs, and stops with the batch', async () => {
    const extend = vi.fn(async (js: Job[]) => js);
    const { q, worker, handler, signal, lines } = await running({ leaseMs: 1_000, extend });
    vi.advanceTimersByTime(332);
    expect(extend).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(extend).toHaveBeenCalledTimes(1);
    expect(extend.mock.calls[0]![0].map((j) => j.id)).toEqual([1]);
    await settle();
    vi.advanceTimersByTime(333);
    expect(extend).toHaveBeenCalledTimes(2);
    handler.resolve();
    await until(() => q.done.length === 1, 'the batch completed');
    expect(vi.getTimerCount()).toBe(0); // the heartbeat ended with its batch
    expect(signal.aborted).toBe(false);
    await worker.stop();
    expect(warnings(lines)).toEqual([]);
  });

  it('beats at least every 50 ms, and every 5 s with the default lease of 15 s', async () => {
    const extend = vi.fn(async (js: Job[]) => js);
    const short = await running({ leaseMs: 60, extend });
    vi.advanceTimersByTime(49);
    expect(extend).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(extend).toHaveBeenCalledTimes(1);
    short.handler.resolve();
    await short.worker.stop();

    extend.mockClear();
    const standard = await running({ extend });
    vi.advanceTimersByTime(4_999);
    expect(extend).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(extend).toHaveBeenCalledTimes(1);
    standard.handler.resolve();
    await standard.worker.stop();
  });

  it('without extend no heartbeat runs and the batch still completes', async () => {
    const { q, worker, handler } = await running({ leaseMs: 90, extend: undefined });
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1_000);
    handler.resolve();
    await until(() => q.done.length === 1, 'the batch completed');
    await worker.stop();
  });

  it('a beat while the last extension is still in flight sends no second one', async () => {
    const answer = deferred<Job[]>();
    const extend = vi.fn((_js: Job[]) => answer.promise);
    const { worker, handler } = await running({ leaseMs: 300, extend });
    vi.advanceTimersByTime(300);
    expect(extend).toHaveBeenCalledTimes(1);
    answer.resolve([job(1)]);
    await settle();
    vi.advanceTimersByTime(100);
    expect(extend).toHaveBeenCalledTimes(2);
    handler.resolve();
    await worker.stop();
  });

  it('an extension that fails is logged and tried again at the next beat; the batch goes on', async () => {
    const extend = vi.fn(async (_js: Job[]): Promise<Job[]> => {
      throw new Error('connection reset');
    });
    const { q, worker, handler, signal, lines } = await running({ leaseMs: 300, extend });
    vi.advanceTimersByTime(100);
    await settle();
    vi.advanceTimersByTime(100);
    expect(extend).toHaveBeenCalledTimes(2);
    expect(signal.aborted).toBe(false);
    handler.resolve();
    await until(() => q.done.length === 1, 'the batch completed');
    await worker.stop();
    expect(warnings(lines)).toMatchObject([
      {
        level: 'error',
        msg: 'extending job leases failed; they expire unless the next try works',
        err: { message: 'connection reset' },
      },
      { level: 'error', msg: 'extending job leases failed; they expire unless the next try works' },
    ]);
  });

  it('jobs lost to another worker stop the batch, with a warning of how many', async () => {
    const extend = vi.fn(async (js: Job[]) => js.slice(2));
    const { worker, handler, signal, lines } = await running({ leaseMs: 300, extend }, [job(1), job(2), job(3)]);
    vi.advanceTimersByTime(100);
    await settle();
    expect(signal.aborted).toBe(true);
    expect(warnings(lines)).toEqual([
      {
        level: 'warn',
        msg: 'lost the lease of jobs in hand (another worker took them after a stall); stopping the batch',
        task: 't',
        lost: 2,
      },
    ]);
    handler.resolve();
    await worker.stop();
  });

  it('after the drain gave up, no lease is extended and a late answer aborts nothing', async () => {
    const answer = deferred<Job[]>();
    const extend = vi.fn((_js: Job[]) => answer.promise);
    // The handler ignores its signal and runs on: its jobs are left to their lease.
    const { worker, handler, signal, lines } = await running({ leaseMs: 300, extend, drainMs: 0 });
    vi.advanceTimersByTime(100);
    expect(extend).toHaveBeenCalledTimes(1);
    await worker.stop();
    answer.resolve([]); // the extension in flight answers: the jobs are no longer held
    await settle();
    vi.advanceTimersByTime(1_000);
    expect(extend).toHaveBeenCalledTimes(1);
    expect(warnings(lines).map((w) => w.msg)).toEqual([
      'drain gave up; the jobs in hand run again elsewhere when their lease expires',
    ]);
    expect(signal.reason).toBeInstanceOf(Error);
    expect((signal.reason as Error).message).toMatch(/drain gave up/);
    handler.resolve();
    await settle();
  });
});
