import type { Queryable } from '../store/db.ts';
import { enqueue } from '../queue/sql/enqueue.ts';
import { loadAlerts, planOwnerTasks, snoozedContacts, type PlannedTask } from '../store/owner-task-store.ts';
import { TASKS } from '../queue/tasks.ts';

/**
 * How long planned tasks wait to be sent. A task is due the next day, so five minutes cost
 * nobody anything, and the crossings of those minutes (a recomputation, contacts that entered
 * together) share one contact read and one create per 100 instead of a pair each.
 */
export const TASK_SEND_DELAY_MS = 5 * 60_000;

/**
 * In the transaction that stores health changes: plans a task for each change to a level whose
 * alert is on (docs/owner-tasks.md), except while a rep's snooze runs, and wakes the sender.
 * Nothing is read from HubSpot here; the sender reads names and owners in batches, a few minutes
 * later (TASK_SEND_DELAY_MS). Returns
 * how many were planned and how many the daily cap held back.
 */
export async function planTasksForChanges(
  tx: Queryable,
  portalId: string,
  changes: PlannedTask[],
  now: Date,
): Promise<{ pending: number; capped: number }> {
  if (changes.length === 0) return { pending: 0, capped: 0 };
  const alerts = await loadAlerts(tx, portalId);
  // Only crossings after the toggle was turned on: a contact that was already stuck, and is
  // first classified now (a recomputation, a new portal's first thresholds), is backlog.
  const on = (c: PlannedTask) => {
    const since = c.level === 'behind' ? alerts.behindSince : alerts.stuckSince;
    const enabled = c.level === 'behind' ? alerts.behindTask : alerts.stuckTask;
    return enabled && since !== null && c.crossedAt.getTime() > since.getTime();
  };
  const wanted = changes.filter(on);
  if (wanted.length === 0) return { pending: 0, capped: 0 };
  const snoozed = await snoozedContacts(
    tx,
    portalId,
    wanted.map((c) => c.contactId),
    now,
  );
  const planned = await planOwnerTasks(
    tx,
    portalId,
    wanted.filter((c) => !snoozed.has(c.contactId)),
    alerts.maxTasksPerDay,
    now,
  );
  if (planned.pending > 0)
    await enqueue(
      tx,
      [{ portalId, task: TASKS.ownerTasks, key: 'tasks', runAt: new Date(now.getTime() + TASK_SEND_DELAY_MS) }],
      now,
    );
  return planned;
}
