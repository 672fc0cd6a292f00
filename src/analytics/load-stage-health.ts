import type { StageModel } from '@journey-stages/contract/stage-model';
import type { StageHealth } from '@journey-stages/contract/journey';
import { classifyHealth, type StageDwell } from './classify-health.ts';

/**
 * The journey JSON's `health` (docs/health.md) as of `now`, so daysInStage is exact, from values
 * already read (the journey API reads them with the rest of the contact in one statement): the
 * verdict for the dwell of the contact's stage, with a rep's snooze still running beside it; null
 * without a basis or in the model's last stage.
 */
export function stageHealth(
  o: { model: StageModel; stage: string; enteredAt: Date; now: Date; dwell: StageDwell | undefined },
  snooze: { until: Date; reason: string } | undefined,
): StageHealth | null {
  const verdict = stageVerdict(o);
  if (!verdict) return null;
  const { changesAt: _changesAt, since: _since, ...health } = verdict;
  return snooze ? { ...health, snoozed: { until: snooze.until.toISOString(), reason: snooze.reason } } : health;
}

type VerdictInput = { model: StageModel; stage: string; enteredAt: Date; now: Date; dwell: StageDwell | undefined };

function stageVerdict(o: VerdictInput) {
  // Stryker disable next-line OptionalChaining: a parsed model has at least one stage (StageModel: min 1), so the last one exists
  const isLastStage = o.model.stages[o.model.stages.length - 1]?.id === o.stage;
  return classifyHealth({ enteredAt: o.enteredAt, now: o.now, dwell: o.dwell, isLastStage });
}
