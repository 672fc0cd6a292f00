import type { Job } from '../../src/queue/job.ts';

/** A claimed job as a handler receives it: portal 62515, first attempt, due now. */
export function jobOf(task: string, key: string, over: Partial<Job> = {}): Job {
  return {
    portalId: '62515',
    id: 1,
    task,
    key,
    payload: {},
    attempts: 0,
    maxAttempts: 12,
    runAt: new Date('2026-11-20T12:00:00.000Z'),
    ...over,
  };
}
