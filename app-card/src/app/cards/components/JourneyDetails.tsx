import { Divider, Flex } from '@hubspot/ui-extensions';

import type { Journey } from '@journey-stages/contract/journey';
import { HealthSummary } from './HealthSummary.tsx';
import { HighestStage } from './HighestStage.tsx';
import { SatisfactionStats } from './SatisfactionStats.tsx';
import { SinceSummary } from './SinceSummary.tsx';
import { StageGuidance } from './StageGuidance.tsx';
import { StageSteps } from './StageSteps.tsx';
import { TimelineTable } from './TimelineTable.tsx';
import { TouchpointsTable } from './TouchpointsTable.tsx';

export interface JourneyDetailsProps {
  journey: Journey;
  portalId: number;
  timeZone: string;
  now: Date;
}

/** Where the contact stands, whether it is stuck, what helps now, then how it got here. */
export function JourneyDetails({ journey, portalId, timeZone, now }: JourneyDetailsProps) {
  return (
    <Flex direction="column" gap="md" testId="journey-details">
      <StageSteps model={journey.model} currentStage={journey.current.stage} />
      <Flex direction="column" gap="xs">
        <SinceSummary model={journey.model} current={journey.current} timeZone={timeZone} now={now} />
        <HealthSummary journey={journey} timeZone={timeZone} />
        <HighestStage journey={journey} timeZone={timeZone} />
      </Flex>
      <StageGuidance model={journey.model} stage={journey.current.stage} />
      <SatisfactionStats answers={journey.satisfaction} timeZone={timeZone} />
      <Divider />
      <TimelineTable
        model={journey.model}
        timeline={journey.timeline}
        portalId={portalId}
        timeZone={timeZone}
        uiDomain={journey.uiDomain}
      />
      <TouchpointsTable journey={journey} portalId={portalId} timeZone={timeZone} />
    </Flex>
  );
}
