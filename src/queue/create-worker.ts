import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.ts';
import { coerceError } from '../coerce-error.ts';
import type { Job, JobFailure } from './job.ts';

/**
 * A task handler gets a batch of jobs of one portal; it returns the ones that failed.
 * The signal aborts when the worker gives up on the batch (the drain ran out of time, or
 * the lease was lost to another worker): pass it to long calls and stop early.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that finished every job returns nothing (an async function's Promise<void>)
export type TaskHandler = (jobs: Job[], signal?: AbortSignal) => Promise<JobFailure[] | void>;

export type WorkerDeps = {
  claim: (limit: number) => Promise<Job[]>;
  complete: (jobs: Job[]) => Promise<void>;
  fail: (failures: JobFailure[]) => Promise<{ dead: number }>;
  reclaim: () => Promise<number>;
  /** Extends the lease of jobs in hand; returns those still held. Without it, leases are never extended. */
  extend?: (jobs: Job[]) => Promise<Job[]>;
  handlers: Record<string, TaskHandler>;
  log: Logger;
  /** Parallel claim loops in this process. */
  concurrency?: number;
  batchSize?: number;
  /**
   * A claim that came back short (fewer jobs than `batchSize`) took all that was due of its
   * portal and task: with this, the loop then waits for a wake or its poll instead of claiming
   * again at once (and finding nothing), unless a wake came while it worked. For a loop of one
   * task whose new work always wakes it (the intake's expansion: every stored request does).
   * Another portal's jobs due before the short claim wait at most a poll.
   */
  waitAfterShortClaim?: boolean;
  pollMs?: number;
  /** The lease a claim takes; the heartbeat extends it every third of it. */
  leaseMs?: number;
  reclaimEveryMs?: number;
  /** How long stop() waits for the jobs in hand before it leaves them to the lease. */
  drainMs?: number;
  onJobsDone?: (task: string, outcome: 'done' | 'failed' | 'dead', count: number) => void;
};

export type Worker = {
  /** Wakes idle loops now (the intake, or a notification, calls it after storing work). */
  wake(): void;
  /**
   * Stops claiming and waits for the jobs in hand, at most `drainMs`; then aborts the
   * handlers' signals, stops extending leases and resolves: the jobs still running come
   * back to another worker when their lease expires.
   */
  stop(): Promise<void>;
};

export const DEFAULT_LEASE_MS = 15_000;

export function createWorker(deps: WorkerDeps): Worker {
  const { log, handlers } = deps;
  const batchSize = deps.batchSize ?? 100;
  const pollMs = deps.pollMs ?? 250;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  let stopping = false;
  let wakeUp = new AbortController();
  const stopped = new AbortController();
  // Aborted when the drain gives up: handlers stop, heartbeats stop, leases run out.
  const givenUp = new AbortController();

  // One claim at a time in this process: loops woken together (a NOTIFY, a wake) would
  // otherwise split one burst between them (SKIP LOCKED hands each the rows the other has not
  // locked yet) and pay HubSpot a batch read and write per half.
  let claimTurn: Promise<unknown> = Promise.resolve();
  function claimInTurn(n: number): Promise<Job[]> {
    const claimed = claimTurn.then(() => deps.claim(n));
    claimTurn = claimed.catch(() => undefined);
    return claimed;
  }

  function wake(): void {
    const old = wakeUp;
    wakeUp = new AbortController();
    old.abort();
  }

  /** Keeps the batch's lease alive while it runs; aborts `lost` when another worker took a job. */
  function heartbeat(jobs: Job[], lost: AbortController): () => void {
    if (!deps.extend) return () => {};
    const extend = deps.extend;
    let inFlight = false;
    const timer = setInterval(
      () => {
        if (inFlight || givenUp.signal.aborted) return;
        inFlight = true;
        extend(jobs)
          .then((held) => {
            if (held.length === jobs.length || givenUp.signal.aborted) return;
            log.warn(
              { task: jobs[0]!.task, lost: jobs.length - held.length },
              'lost the lease of jobs in hand (another worker took them after a stall); stopping the batch',
            );
            lost.abort();
          })
          .catch((err: unknown) =>
            log.error({ err: coerceError(err) }, 'extending job leases failed; they expire unless the next try works'),
          )
          .finally(() => (inFlight = false));
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    return () => clearInterval(timer);
  }

  async function runBatch(jobs: Job[]): Promise<void> {
    // Claimed while the drain gave up: never start work that nobody will finish or extend.
    if (givenUp.signal.aborted) return;
    const task = jobs[0]!.task;
    const handler = handlers[task];
    const lost = new AbortController();
    const stopHeartbeat = heartbeat(jobs, lost);
    let failures: JobFailure[];
    try {
      if (!handler)
        throw new Error(`[queue] no handler for task "${task}": is this worker older than the one that enqueued it?`);
      failures = (await handler(jobs, AbortSignal.any([givenUp.signal, lost.signal]))) ?? [];
    } catch (err) {
      const error = coerceError(err).message;
      failures = jobs.map((job) => ({ job, error }));
    } finally {
      stopHeartbeat();
    }
    // A drain that gave up left these jobs to the lease; the database may be closing.
    if (givenUp.signal.aborted) return;
    const failedIds = new Set(failures.map((f) => f.job.id));
    const done = jobs.filter((j) => !failedIds.has(j.id));
    await deps.complete(done);
    deps.onJobsDone?.(task, 'done', done.length);
    if (failures.length > 0) {
      const { dead } = await deps.fail(failures);
      deps.onJobsDone?.(task, 'failed', failures.length - dead);
      deps.onJobsDone?.(task, 'dead', dead);
      const first = failures[0]!;
      const logFields = { task, portalId: first.job.portalId, failed: failures.length, dead, error: first.error };
      if (dead > 0) log.error(logFields, 'jobs moved to the dead-letter state after their last attempt');
      else log.warn(logFields, 'jobs failed and will be retried');
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let jobs: Job[] = [];
      // Every wake replaces wakeUp: the one in place now tells whether a wake comes while this claim works.
      const wakeBefore = wakeUp;
      try {
        jobs = await claimInTurn(batchSize);
        if (jobs.length > 0) await runBatch(jobs);
      } catch (err) {
        if (givenUp.signal.aborted) return;
        log.error({ err: coerceError(err) }, 'worker loop error; retrying after a pause');
        await sleep(Math.min(pollMs * 4, 5_000), undefined, { signal: stopped.signal }).catch(() => {});
      }
      // A wake that came while the claim ran may be for work the claim's snapshot did not see
      // (committed and notified after it began): sleeping on the new wakeUp would miss it for a poll.
      const drained =
        wakeUp === wakeBefore && (jobs.length === 0 || (deps.waitAfterShortClaim === true && jobs.length < batchSize));
      if (drained && !stopping) {
        await sleep(pollMs, undefined, { signal: wakeUp.signal }).catch(() => {});
      }
    }
  }

  // Expired leases are reclaimed a few times per lease, so a killed worker's jobs run again
  // within about 1.25 leases; the loops are woken to take them at once.
  async function reclaimLoop(): Promise<void> {
    const every = deps.reclaimEveryMs ?? Math.min(5_000, Math.max(50, Math.floor(leaseMs / 4)));
    while (!stopping) {
      try {
        const n = await deps.reclaim();
        if (n > 0) {
          log.warn({ jobs: n }, 'reclaimed jobs of a worker that stopped without finishing them');
          wake();
        }
      } catch (err) {
        log.error({ err: coerceError(err) }, 'reclaiming expired jobs failed');
      }
      await sleep(every, undefined, { signal: stopped.signal }).catch(() => {});
    }
  }

  const loops = [...Array.from({ length: deps.concurrency ?? 2 }, () => loop()), reclaimLoop()];

  return {
    wake,
    async stop() {
      stopping = true;
      wakeUp.abort();
      stopped.abort();
      const drained = Promise.all(loops).then(() => true);
      const drainMs = deps.drainMs ?? 10_000;
      const timer = new AbortController();
      const timeUp = sleep(drainMs, false, { signal: timer.signal });
      // Stryker disable next-line ArrowFunction,BooleanLiteral: timeUp rejects only at timer.abort() below, after the race is settled: the catch's value is never read
      const inTime = await Promise.race([drained, timeUp.catch(() => false)]);
      timer.abort();
      if (inTime) return;
      givenUp.abort(new Error(`[queue] drain gave up after ${drainMs} ms`));
      log.warn({ drainMs }, 'drain gave up; the jobs in hand run again elsewhere when their lease expires');
    },
  };
}
