import type { Db } from '../../src/store/db.ts';
import type { Metrics } from '../../src/metrics.ts';
import { expandInboxHandler } from '../../src/intake/expand-inbox.ts';
import { claim } from '../../src/queue/sql/claim.ts';
import { complete } from '../../src/queue/sql/complete.ts';
import { TASKS } from '../../src/queue/tasks.ts';
import { WEBHOOK_DEBOUNCE_MS } from '../../src/roles/worker-role.ts';
import { captureLog } from './capture-log.ts';
import { TEST_APP_ID } from './start-test-service.ts';

/** The worker's real expansion of stored webhook requests (parse, quarantine, store, delete the row) for a test's service. */
export function realExpansion(svc: { db: Db; metrics: Metrics }, appId: string = TEST_APP_ID) {
  return expandInboxHandler({
    db: svc.db,
    appId,
    now: () => new Date(),
    log: captureLog().log,
    metrics: svc.metrics,
    debounceMs: WEBHOOK_DEBOUNCE_MS,
  });
}

/**
 * Does what a worker does with the webhook requests a web-role service stored: claims the
 * pending webhook-inbox jobs and runs the real expansion (parse, quarantine, store, delete
 * the row) until none is left, so a test can read the stored events right after.
 * Throws if an expansion fails.
 */
export async function expandInbox(svc: { db: Db; metrics: Metrics }, appId: string = TEST_APP_ID): Promise<void> {
  const handler = realExpansion(svc, appId);
  for (;;) {
    const jobs = await claim(svc.db, {
      workerId: 'test-expand-inbox',
      now: new Date(),
      limit: 100,
      lockMs: 60_000,
      tasks: [TASKS.webhookInbox],
    });
    if (jobs.length === 0) return;
    const failures = await handler(jobs);
    if (failures.length > 0) throw new Error(`[test] expanding the inbox failed: ${failures[0]!.error}`);
    await complete(svc.db, jobs, 'test-expand-inbox');
  }
}
