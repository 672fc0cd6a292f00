import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.ts';
import { coerceError } from '../coerce-error.ts';
import type { Job, JobFailure } from './job.ts';

/** A task handler gets a batch of jobs of one portal; it returns the ones that failed. */
export type TaskHandler = (jobs: Job[]) => Promise<JobFailure[] | void>;

export type WorkerDeps = {
  claim: (limit: number) => Promise<Job[]>;
  complete: (jobs: Job[]) => Promise<void>;
  fail: (failures: JobFailure[]) => Promise<{ dead: number }>;
  reclaim: () => Promise<number>;
  handlers: Record<string, TaskHandler>;
  log: Logger;
  /** Parallel claim loops in this process. */
  concurrency?: number;
  batchSize?: number;
  pollMs?: number;
  reclaimEveryMs?: number;
  onJobsDone?: (task: string, outcome: 'done' | 'failed' | 'dead', count: number) => void;
};

export type Worker = {
  /** Wakes idle loops now (the intake calls it after storing work). */
  wake(): void;
  /** Stops claiming, waits for the jobs in hand, then resolves. */
  stop(): Promise<void>;
};

export function createWorker(deps: WorkerDeps): Worker {
  const { log, handlers } = deps;
  const batchSize = deps.batchSize ?? 100;
  const pollMs = deps.pollMs ?? 250;
  let stopping = false;
  let wakeUp = new AbortController();
  const stopped = new AbortController();

  async function runBatch(jobs: Job[]): Promise<void> {
    const task = jobs[0]!.task;
    const handler = handlers[task];
    let failures: JobFailure[];
    try {
      if (!handler) throw new Error(`[queue] no handler for task "${task}": is this worker older than the one that enqueued it?`);
      failures = (await handler(jobs)) ?? [];
    } catch (err) {
      const error = coerceError(err).message;
      failures = jobs.map((job) => ({ job, error }));
    }
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
      try {
        jobs = await deps.claim(batchSize);
        if (jobs.length > 0) await runBatch(jobs);
      } catch (err) {
        log.error({ err: coerceError(err) }, 'worker loop error; retrying after a pause');
        await sleep(pollMs * 4);
      }
      if (jobs.length === 0 && !stopping) {
        await sleep(pollMs, undefined, { signal: wakeUp.signal }).catch(() => {});
      }
    }
  }

  async function reclaimLoop(): Promise<void> {
    const every = deps.reclaimEveryMs ?? 5_000;
    while (!stopping) {
      try {
        const n = await deps.reclaim();
        if (n > 0) log.warn({ jobs: n }, 'reclaimed jobs of a worker that stopped without finishing them');
      } catch (err) {
        log.error({ err: coerceError(err) }, 'reclaiming expired jobs failed');
      }
      await sleep(every, undefined, { signal: stopped.signal }).catch(() => {});
    }
  }

  const loops = [...Array.from({ length: deps.concurrency ?? 2 }, () => loop()), reclaimLoop()];

  return {
    wake() {
      const old = wakeUp;
      wakeUp = new AbortController();
      old.abort();
    },
    async stop() {
      stopping = true;
      wakeUp.abort();
      stopped.abort();
      await Promise.all(loops);
    },
  };
}
