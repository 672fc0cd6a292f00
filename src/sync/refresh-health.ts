import type { StageModel } from '@journey-stages/contract/stage-model';
import { loadStageDwell } from '../analytics/load-stage-dwell.ts';
import type { StageDwell } from '../analytics/classify-health.ts';
import { writeHealth } from './write-health.ts';
import { freshModel, provisionProperties } from './provision-properties.ts';
import type { SyncDeps } from './sync-deps.ts';
import { loadHealthRows, type HealthRow } from '../store/contact-health.ts';
import { storeRows } from './store-health.ts';

const PAGE = 500;

/**
 * Classifies contacts against the stored dwell quantiles at `now`, stores health and when it
 * next changes (contacts.health, health_changes_at), schedules that change as a timed job and
 * writes journey_stage_health where it differs from what HubSpot holds. No HubSpot read.
 * `contacts: 'all'` re-classifies the whole portal page by page (after a recomputation).
 * `rescheduleAll`: a health job just ran, so its contacts need their next job even when the
 * moment did not move.
 */
export async function refreshHealth(
  deps: SyncDeps,
  portalId: string,
  model: StageModel,
  contacts: string[] | 'all',
  now: Date,
  o: { rescheduleAll?: boolean } = {},
): Promise<{ changed: number; written: number }> {
  const total = { changed: 0, written: 0 };
  const writeRows = async (rows: HealthRow[], dwell: Map<string, StageDwell>) => {
    const done = await storeRows(deps, portalId, model, dwell, rows, now, o.rescheduleAll ?? false);
    // The health property must exist before the first write (one query when it does).
    if (done.toWrite.length > 0)
      await provisionProperties(deps.db, deps.api, portalId, model, () => freshModel(deps, portalId));
    await writeHealth(deps.db, deps.api, portalId, done.toWrite, deps.log);
    total.changed += done.changed;
    total.written += done.toWrite.length;
  };
  const dwell = await loadStageDwell(deps.db, portalId, model.id);
  if (contacts !== 'all') {
    if (contacts.length > 0) await writeRows(await loadHealthRows(deps.db, portalId, { ids: contacts }), dwell);
    return total;
  }
  for (let after = ''; ; ) {
    const rows = await loadHealthRows(deps.db, portalId, { after, limit: PAGE });
    if (rows.length === 0) return total;
    await writeRows(rows, dwell);
    after = rows[rows.length - 1]!.contact_id;
  }
}
