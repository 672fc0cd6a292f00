import type { Queryable } from '../store/db.ts';
import { loadStageDwellRows } from '../store/stage-dwell-store.ts';
import type { StageDwell } from './classify-health.ts';

/** The stored dwell quantiles of a portal's model, by stage (empty before the first computation). */
export async function loadStageDwell(
  db: Queryable,
  portalId: string,
  modelId: string,
): Promise<Map<string, StageDwell>> {
  const rows = await loadStageDwellRows(db, portalId, modelId);
  return new Map(rows.map(({ stage, ...dwell }) => [stage, dwell]));
}
