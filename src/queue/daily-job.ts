import type { Db } from '../store/db.ts';
import type { TaskHandler } from './create-worker.ts';
import { enqueue } from './sql/enqueue.ts';
import type { TaskName } from './tasks.ts';

export const DAY_MS = 86_400_000;

/**
 * A service-wide daily job (portal '', key 'daily'): a job rather than a timer, so one process
 * runs it however many there are. Scheduling at start coalesces with a pending one (the earlier
 * time wins), so every start may call it.
 */
export async function scheduleDaily(db: Db, task: TaskName, runAt: Date, now: Date): Promise<void> {
  await enqueue(db, [{ portalId: '', task, key: 'daily', runAt }], now);
}

/** Runs `work`, then schedules the task again a day later (a failure is retried by the queue first). */
export function dailyHandler(db: Db, task: TaskName, now: () => Date, work: () => Promise<void>): TaskHandler {
  return async () => {
    await work();
    await scheduleDaily(db, task, new Date(now().getTime() + DAY_MS), now());
  };
}
