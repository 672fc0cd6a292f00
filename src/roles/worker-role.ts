import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { Db } from '../store/db.ts';
import {
  createWorker,
  DEFAULT_LEASE_MS,
  type TaskHandler,
  type Worker,
  type WorkerDeps,
} from '../queue/create-worker.ts';
import { claim } from '../queue/sql/claim.ts';
import { hasDueJobs } from '../queue/sql/has-jobs.ts';
import { complete } from '../queue/sql/complete.ts';
import { fail } from '../queue/sql/fail.ts';
import { reclaimExpired } from '../queue/sql/reclaim.ts';
import { extendLeases } from '../queue/sql/extend-leases.ts';
import { listenForJobs, type JobListener } from '../queue/listen-for-jobs.ts';
import { scheduleDailyMaintenance, taskHandlers } from './task-handlers.ts';
import type { HubSpotParts } from './hubspot-parts.ts';
import { TASKS } from '../queue/tasks.ts';
import type { Job, JobFailure } from '../queue/job.ts';
import { activePortals } from '../store/portal-store.ts';
import { scheduleReconcile } from '../sync/reconcile-sweep.ts';
import { EMBEDDED_STATISTICS_EVERY_MS, refreshEmbeddedStatistics } from '../store/embedded-statistics.ts';
import { coerceError } from '../coerce-error.ts';

export type QueueTuning = Pick<
  WorkerDeps,
  'leaseMs' | 'pollMs' | 'drainMs' | 'concurrency' | 'batchSize' | 'reclaimEveryMs'
>;

export type WorkerRoleDeps = {
  config: Config;
  db: Db;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  parts: HubSpotParts;
  /** Handlers that replace or add to the service's own (tests). */
  handlers?: Record<string, TaskHandler> | undefined;
  workerId?: string | undefined;
  /** Wins over the config's JOB_LEASE_MS, DRAIN_TIMEOUT_MS and JOB_POLL_MS. */
  queue?: QueueTuning | undefined;
  /** How often PGlite's statistics are looked at (EMBEDDED_STATISTICS_EVERY_MS; tests shorten it). */
  statisticsEveryMs?: number | undefined;
};

export type WorkerRole = {
  worker: Worker;
  /** A webhook request was stored in this process: only the expansion's loop has new work. */
  wakeExpansion(): void;
  stop(): Promise<void>;
};

/**
 * How long a webhook's work waits for more of its burst: HubSpot sends a burst as many
 * requests, and the wait lets a worker take it in full batches of 100 (fewer API calls).
 */
export const WEBHOOK_DEBOUNCE_MS = 1_000;

/**
 * Contact jobs one claim takes: their contacts are read and written in batches of 100, and
 * their deals read together, so a burst's deals cost one call per 100 deals rather than one per
 * 100 contacts (docs/performance.md, "Realistic burst"). Five batches keep a claim's lease and
 * a crash's redo small.
 */
export const CONTACT_CLAIM = 500;

/**
 * While a burst is still arriving, a portal's contact jobs wait for a full claim: a claim taken
 * as the first jobs come due would read their contacts and deals in part batches (more calls
 * for the same work). They are taken once CONTACT_CLAIM are due, once no new contact job has
 * come for `quietMs`, or once the oldest due one was enqueued `maxMs` ago (a debounce and
 * 2 s), whichever is first. While the portal's webhook requests wait in the inbox unexpanded
 * they wait too, full or not (up to `maxMs`): the expansion can trail the intake by a second or
 * more, and a contact whose events straddle two requests was claimed between them, then derived
 * again (docs/performance.md, "Realistic burst").
 */
export const CONTACT_GATHER = { quietMs: 500, maxMs: WEBHOOK_DEBOUNCE_MS + 2_000 } as const;

/**
 * The worker role: claims jobs and runs them (every HubSpot call happens here), with a short
 * lease the running worker extends, so a killed worker's jobs run again within seconds.
 * stop() drains the jobs in hand (at most DRAIN_TIMEOUT_MS).
 */
export async function startWorkerRole(deps: WorkerRoleDeps): Promise<WorkerRole> {
  const { config, db, log, metrics, now, parts } = deps;
  await scheduleDailyMaintenance(db, now());
  // Each installed portal's reconciliation sweep (docs/reconciliation.md): a pending one keeps its time.
  await scheduleReconcile(db, await activePortals(db), new Date(now().getTime() + config.reconcileIntervalMs), now());
  const workerId = deps.workerId ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const queue = { ...config.queue, ...deps.queue };
  const leaseMs = queue.leaseMs ?? DEFAULT_LEASE_MS;
  // The objects' jobs of an expanded webhook request are due a debounce later: this process's
  // loops are woken then (other processes are woken by the poll).
  let wakeAfter = (_ms: number): void => {};
  // Other processes (web, other workers) enqueue too: on PostgreSQL they notify, and this
  // worker wakes within milliseconds. PGlite lives in one process: the intake's wake() is enough.
  // The same connection holds the worker's presence, so it is open before the first claim.
  let listener: JobListener | undefined;
  let wakeWorker = (): void => {};
  if (db.kind === 'postgres' && config.database.kind === 'postgres')
    listener = await listenForJobs({
      url: config.database.url,
      onWork: () => wakeWorker(),
      log: log.child({ role: 'worker' }),
    });
  const handlers = {
    ...taskHandlers({
      db,
      log,
      metrics,
      now,
      parts,
      appId: config.appId,
      debounceMs: WEBHOOK_DEBOUNCE_MS,
      onStored: (ms) => wakeAfter(ms),
    }),
    ...deps.handlers,
  };
  /** What the main worker and the expansion's share: how a claim's jobs end, and the lease. */
  const sharedDeps = (tasks?: string[]) => ({
    ...queue,
    leaseMs,
    complete: (jobs: Job[]) => complete(db, jobs, workerId),
    fail: (failures: JobFailure[]) => fail(db, failures, workerId, now()),
    extend: (jobs: Job[]) => extendLeases(db, jobs, workerId, now(), leaseMs),
    log: log.child({ role: 'worker', ...(tasks ? { tasks } : {}) }),
    onJobsDone: (task: string, outcome: 'done' | 'failed' | 'dead', count: number) =>
      metrics.jobs.inc({ task, outcome }, count),
  });
  const main = createWorker({
    ...sharedDeps(),
    // Gives back every task's expired jobs, the expansion's too.
    reclaim: () => reclaimExpired(db, now()),
    claim: async (limit) => {
      const at = now();
      const jobs = await claim(db, {
        workerId,
        presenceKey: listener?.presenceKey,
        now: at,
        limit,
        lockMs: leaseMs,
        limits: { [TASKS.contactChanged]: CONTACT_CLAIM },
        gather: {
          sizes: { [TASKS.contactChanged]: CONTACT_CLAIM },
          ...CONTACT_GATHER,
          feeders: [TASKS.webhookInbox],
        },
      });
      // Contact jobs held back by the gather may go within quietMs: look again then, not at the
      // next poll (which may be long: JOB_POLL_MS), nor wait for a notification that already came.
      if (jobs.length === 0 && (await hasDueJobs(db, TASKS.contactChanged, at))) wakeAfter(CONTACT_GATHER.quietMs);
      return jobs;
    },
    handlers,
  });
  // The intake's expansion has a loop of its own: the main loops may all be waiting on HubSpot
  // (rate budget, retries of a slow API) while webhook requests pile up in the inbox unexpanded
  // (docs/performance.md, "PGlite intake").
  const expander = createWorker({
    ...sharedDeps([TASKS.webhookInbox]),
    reclaim: async () => 0, // the main worker's reclaim covers these
    concurrency: 1,
    // Every stored request wakes this loop: claiming again after each request found nothing
    // (1,003 empty claims of 2.7 ms in 1,000 requests on PGlite; docs/performance.md, "PGlite intake").
    waitAfterShortClaim: true,
    claim: (limit) =>
      claim(db, {
        workerId,
        presenceKey: listener?.presenceKey,
        now: now(),
        limit,
        lockMs: leaseMs,
        tasks: [TASKS.webhookInbox],
      }),
    handlers: { [TASKS.webhookInbox]: handlers[TASKS.webhookInbox] as TaskHandler },
  });
  const worker: Worker = {
    wake() {
      main.wake();
      expander.wake();
    },
    async stop() {
      await Promise.all([main.stop(), expander.stop()]);
    },
  };
  wakeWorker = () => worker.wake();
  wakeAfter = coalescedWake(() => main.wake());
  const statistics =
    db.kind === 'pglite'
      ? every(deps.statisticsEveryMs ?? EMBEDDED_STATISTICS_EVERY_MS, async () => {
          try {
            const analyzed = await refreshEmbeddedStatistics(db);
            if (analyzed.length > 0) log.debug({ analyzed }, 'tables analyzed (PGlite has no autovacuum)');
          } catch (err) {
            log.warn(
              { err: coerceError(err) },
              'analyzing tables failed; plans stay on older statistics until the next try',
            );
          }
        })
      : undefined;
  return {
    worker,
    wakeExpansion: () => expander.wake(),
    async stop() {
      // Drained first: the presence lock on the listener's connection holds the jobs in hand.
      await worker.stop();
      await statistics?.stop();
      await listener?.close();
    },
  };
}

/** Runs `fn` every `ms`, never two at once; stop() waits for a run in progress (the database closes after). */
function every(ms: number, fn: () => Promise<void>): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= fn().finally(() => {
      running = undefined;
    });
  }, ms).unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * `wakeAfter(ms)` with one timer at a time: each expanded request asks for a wake once its
 * objects' jobs are due, and a burst expands hundreds a second. One wake per request made the
 * main loops claim (and find the burst's contact jobs still gathering) hundreds of times a
 * second: 3,001 claims for 1,000 requests on PGlite, 2,011 with this (docs/performance.md,
 * "PGlite intake"). The timer fires at the earliest time asked; later asks are served by one
 * timer after it.
 */
export function coalescedWake(wake: () => void): (ms: number) => void {
  let timer: NodeJS.Timeout | undefined;
  let dueAt = 0;
  let latest = 0;
  const arm = (at: number) => {
    dueAt = at;
    timer = setTimeout(fire, Math.max(0, at - Date.now())).unref();
  };
  function fire() {
    timer = undefined;
    wake();
    if (latest > dueAt) arm(latest);
  }
  return (ms) => {
    const at = Date.now() + ms + 10;
    latest = Math.max(latest, at);
    if (timer !== undefined && at >= dueAt) return;
    clearTimeout(timer);
    arm(at);
  };
}
