import { describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { createWorker, type WorkerDeps } from '../../../src/queue/create-worker.ts';
import type { Job } from '../../../src/queue/job.ts';

const log = pino({ level: 'silent' });
const job = (id: number): Job => ({
  portalId: '1',
  id,
  task: 't',
  key: String(id),
  payload: {},
  attempts: 1,
  maxAttempts: 12,
  runAt: new Date(0),
});

/** A queue in memory holding `jobs` once: the worker's deps, with what it did recorded. */
function memoryQueue(jobs: Job[], over: Partial<WorkerDeps> = {}) {
  let pending = [...jobs];
  const done: Job[] = [];
  const failed: Job[] = [];
  const extended: number[] = [];
  const deps: WorkerDeps = {
    claim: async () => pending.splice(0),
    complete: async (js) => void done.push(...js),
    fail: async (fs) => (failed.push(...fs.map((f) => f.job)), { dead: 0 }),
    reclaim: async () => 0,
    extend: async (js) => (extended.push(Date.now()), js),
    handlers: {},
    log,
    concurrency: 1,
    pollMs: 20,
    ...over,
  };
  return { deps, done, failed, extended, add: (js: Job[]) => (pending = [...pending, ...js]) };
}

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
    const q = memoryQueue([job(1)], { drainMs: 150 });
    q.deps.handlers = { t: (_jobs, s) => ((signal = s), new Promise<void>(() => {})) }; // never finishes
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(signal).toBeDefined());
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(signal!.aborted).toBe(true);
    expect(q.done).toEqual([]);
    expect(q.failed).toEqual([]);
  });

  it('stop() waits for a batch that finishes within drainMs, and completes it', async () => {
    let finish!: () => void;
    const q = memoryQueue([job(1)], { drainMs: 5_000 });
    q.deps.handlers = { t: () => new Promise<void>((r) => (finish = r)) };
    const worker = createWorker(q.deps);
    await vi.waitFor(() => expect(finish).toBeDefined());
    const stopped = worker.stop(); // the drain has begun: the batch finishes after it started
    finish();
    await stopped;
    expect(q.done.map((j) => j.id)).toEqual([1]);
  });

  it('reclaimed jobs wake the idle loops at once instead of at their next poll', async () => {
    let reclaimed = false;
    let claims = 0;
    const q = memoryQueue([], { pollMs: 60_000, reclaimEveryMs: 50 });
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
});
