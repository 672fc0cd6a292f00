import { Divider, Flex } from '@hubspot/ui-extensions';

import type { Journey } from '@journey-stages/contract/journey';
import type { Words } from '@journey-stages/contract/words';
import { HealthSummary, type SnoozeActions } from './HealthSummary.tsx';
import { HighestStage } from './HighestStage.tsx';
import { SatisfactionStats } from './SatisfactionStats.tsx';
import { SinceSummary } from './SinceSummary.tsx';
import { StageGuidance } from './StageGuidance.tsx';
import { StageSteps } from './StageSteps.tsx';
import { TimelineTable } from './TimelineTable.tsx';
import { TouchpointsTable } from './TouchpointsTable.tsx';
import { WriteErrorNotice } from './WriteErrorNotice.tsx';

export interface JourneyDetailsProps {
  journey: Journey;
  portalId: number;
  words: Words;
  now: Date;
  snooze?: SnoozeActions | undefined;
}

/** Where the contact stands, whether it is stuck, what helps now, then how it got here. */
export function JourneyDetails({ journey, portalId, words, now, snooze }: JourneyDetailsProps) {
  return (
    <Flex direction="column" gap="md" testId="journey-details">
      <StageSteps model={journey.model} currentStage={journey.current.stage} />
      <WriteErrorNotice journey={journey} words={words} />
      <Flex direction="column" gap="xs">
        <SinceSummary model={journey.model} current={journey.current} words={words} now={now} />
        <HealthSummary journey={journey} words={words} now={now} snooze={snooze} />
        <HighestStage journey={journey} words={words} />
      </Flex>
      <StageGuidance model={journey.model} stage={journey.current.stage} words={words} />
      <SatisfactionStats answers={journey.satisfaction} words={words} />
      <Divider />
      <TimelineTable
        model={journey.model}
        timeline={journey.timeline}
        portalId={portalId}
        words={words}
        uiDomain={journey.uiDomain}
      />
      <TouchpointsTable journey={journey} portalId={portalId} words={words} />
    </Flex>
  );
}
