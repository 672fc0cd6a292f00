import type { ModelRef } from '@journey-stages/contract/journey';

/** The stage's label in the model; entries made under an earlier model may name a stage it lacks: show its id. */
export function stageLabel(model: ModelRef, stageId: string): string {
  return model.stages.find((stage) => stage.id === stageId)?.label ?? stageId;
}
