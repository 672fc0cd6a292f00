/** A claimed job, as the worker hands it to a task handler. */
export type Job = {
  portalId: string;
  id: number;
  task: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
};

/**
 * A payload field: an instant (ISO) after which the job's handler may find its work already
 * done by another job (a contact job from deal events whose deals a later derivation read).
 * It holds only while every job merged into this one carried it: coalescing with a job
 * without it, or a failed or reclaimed twin folded into it, removes it, so the work is owed in
 * full again (src/queue/sql/enqueue.ts, fail.ts, reclaim.ts).
 */
export const DONE_SINCE = 'doneSince';

export type NewJob = {
  portalId: string;
  task: string;
  /** Coalescing key: at most one pending job per (portal, task, key). */
  key: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
};

/** What a handler says about jobs that did not succeed; every other claimed job is done. */
export type JobFailure = {
  job: Job;
  error: string;
  /** When to try again; default: exponential backoff with jitter. */
  retryAt?: Date;
  /** false for waits that are not the job's fault (a 429): the attempt is given back. */
  countAttempt?: boolean;
};

export type JobRow = {
  portal_id: string;
  id: number;
  task: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  run_at: Date | string;
};

export function jobFromRow(r: JobRow): Job {
  return {
    portalId: r.portal_id,
    id: Number(r.id),
    task: r.task,
    key: r.key,
    payload: r.payload ?? {},
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAt: new Date(r.run_at),
  };
}
