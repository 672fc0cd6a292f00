import { StepIndicator } from '@hubspot/ui-extensions';

import type { ModelRef } from '@journey-stages/contract/journey';

export interface StageStepsProps {
  model: ModelRef;
  currentStage: string;
}

/** The stage model left to right, the contact's current stage highlighted. */
export function StageSteps({ model, currentStage }: StageStepsProps) {
  const index = model.stages.findIndex((stage) => stage.id === currentStage);
  return (
    <StepIndicator
      testId="journey-stages"
      stepNames={model.stages.map((stage) => stage.label)}
      currentStep={index >= 0 ? index : undefined}
    />
  );
}
