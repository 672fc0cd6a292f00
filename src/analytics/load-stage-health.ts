import type { Queryable } from '../store/db.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import type { StageHealth } from '@journey-stages/contract/journey';
import { classifyHealth } from './classify-health.ts';
import { loadStageDwell } from './load-stage-dwell.ts';

/**
 * The journey JSON's `health` (CONTRACT.md §8), as of `now` rather than as last stored, so
 * daysInStage is exact; null without a basis or in the model's last stage. A rep's snooze
 * still running is shown beside it.
 */
export async function loadStageHealth(
  db: Queryable,
  o: { portalId: string; contactId: string; model: StageModel; stage: string; enteredAt: Date; now: Date },
): Promise<StageHealth | null> {
  const dwell = (await loadStageDwell(db, o.portalId, o.model.id)).get(o.stage);
  const isLastStage = o.model.stages[o.model.stages.length - 1]?.id === o.stage;
  const verdict = classifyHealth({ enteredAt: o.enteredAt, now: o.now, dwell, isLastStage });
  if (!verdict) return null;
  const { changesAt: _changesAt, ...health } = verdict;
  const snooze = await db.query<{ until_at: Date | string; reason: string }>(
    'select until_at, reason from health_snoozes where portal_id = $1 and contact_id = $2 and until_at > $3',
    [o.portalId, o.contactId, o.now.toISOString()],
  );
  const s = snooze.rows[0];
  return s ? { ...health, snoozed: { until: new Date(s.until_at).toISOString(), reason: s.reason } } : health;
}
