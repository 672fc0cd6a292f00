import type { TimelineEntry } from '@journey-stages/contract/journey';
import type { StageModel } from '@journey-stages/contract/stage-model';

export type StagePoint = { stage: string; enteredAt: string };

/**
 * The furthest stage, in model order, that the contact's history ever reached under this
 * model, and when it first got there (docs/api.md). It never moves back: a regression
 * adds an entry lower down and leaves the furthest one where it was. Undefined without entries.
 */
export function highestStage(history: readonly TimelineEntry[], model: StageModel): StagePoint | undefined {
  const order = new Map(model.stages.map((stage, index) => [stage.id, index] as const));
  let best: { index: number; at: number; entry: TimelineEntry } | undefined;
  for (const entry of history) {
    if ((entry.model ?? model.id) !== model.id) continue;
    const index = order.get(entry.stage);
    if (index === undefined) continue;
    const at = Date.parse(entry.enteredAt);
    if (best === undefined || index > best.index || (index === best.index && at < best.at)) best = { index, at, entry };
  }
  return best && { stage: best.entry.stage, enteredAt: best.entry.enteredAt };
}
