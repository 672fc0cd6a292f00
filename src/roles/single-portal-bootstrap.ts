import type { Db } from '../store/db.ts';
import { enqueue } from '../queue/sql/enqueue.ts';
import { TASKS } from '../queue/tasks.ts';
import { startBackfill } from '../sync/backfill.ts';
import { ensurePortal, provisionedHash } from '../store/portal-store.ts';

/**
 * Single-portal mode: the portal is "installed" at the first start (no OAuth callback does it).
 * Provisioning the properties runs as a job, so HubSpot being down at start delays it instead
 * of stopping the service (the job retries); once it has succeeded, later starts of any process
 * (a restarted or added worker) book none: it reads the account and the segment labels, calls
 * a restart has no reason to spend (the labels are refreshed daily, a model change provisions
 * before its first write). The backfill starts only the first time.
 */
export async function bootstrapSinglePortal(db: Db, portalId: string, now: Date): Promise<void> {
  const created = await ensurePortal(db, portalId);
  if (created || !(await provisionedHash(db, portalId)))
    await enqueue(db, [{ portalId, task: TASKS.provisionPortal, key: 'properties' }], now);
  if (created) await startBackfill(db, portalId, now);
}
