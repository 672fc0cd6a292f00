import type { ModelRef } from '@journey-stages/contract/journey';

/** The stage's label in the funnel's model; the id itself if the model does not name it. */
export function stageLabel(model: ModelRef, stageId: string): string {
  return model.stages.find((stage) => stage.id === stageId)?.label ?? stageId;
}
