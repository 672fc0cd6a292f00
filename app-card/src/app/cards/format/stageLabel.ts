import type { ModelRef } from '@journey-stages/contract/journey';

/** Entries made under an earlier stage model may name a stage the current model lacks: show its id. */
export function stageLabel(model: ModelRef, stageId: string): string {
  return model.stages.find((stage) => stage.id === stageId)?.label ?? stageId;
}
