import { coerceError } from '../coerce-error.ts';
import { enqueue } from '../queue/sql/enqueue.ts';
import { provisionProperties, PROPERTY_GROUP } from '../sync/provision-properties.ts';
import { startBackfill } from '../sync/backfill.ts';
import { DEFAULT_RECONCILE_INTERVAL_MS, scheduleReconcile } from '../sync/reconcile-sweep.ts';
import { rememberUiDomain } from '../sync/remember-ui-domain.ts';
import { TASKS } from '../queue/tasks.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';

/**
 * What follows an install: our property group and properties in the portal, then the
 * backfill of every existing contact. Returns what the install page tells the admin.
 */
export async function setUpPortal(sync: SyncDeps, portalId: string): Promise<string[]> {
  const lines: string[] = [];
  const model = await sync.modelFor(portalId);
  try {
    await provisionProperties(sync.db, sync.api, portalId, model);
    await rememberUiDomain(sync.db, sync.api, portalId);
    lines.push(
      `The contact properties "Journey stage" and "Journey stage entered at" are in the group "${PROPERTY_GROUP.label}", with the ${model.stages.length} stages of the ${model.label ?? model.id} model.`,
    );
  } catch (err) {
    sync.log.warn({ portalId, err: coerceError(err).message }, 'property setup failed at install; it will be retried');
    await enqueue(sync.db, [{ portalId, task: TASKS.provisionPortal, key: 'properties' }], sync.now());
    lines.push('The contact properties will be created in a moment (HubSpot did not answer in time).');
  }
  await startBackfill(sync.db, portalId, sync.now());
  // The reconciliation sweeps start an interval after the install (docs/reconciliation.md).
  const interval = sync.reconcileIntervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS;
  await scheduleReconcile(sync.db, portalId, new Date(sync.now().getTime() + interval), sync.now());
  lines.push(
    'The backfill of your existing contacts has started: every contact gets its stage and its history from the dates HubSpot already has. You can close this page.',
  );
  return lines;
}
