import { Divider, Flex } from '@hubspot/ui-extensions';

import type { Journey } from '../shared/journey.ts';
import { SinceSummary } from './SinceSummary.tsx';
import { StageSteps } from './StageSteps.tsx';
import { TimelineTable } from './TimelineTable.tsx';

export interface JourneyDetailsProps {
  journey: Journey;
  portalId: number;
  timeZone: string;
  now: Date;
}

export function JourneyDetails({ journey, portalId, timeZone, now }: JourneyDetailsProps) {
  return (
    <Flex direction="column" gap="md" testId="journey-details">
      <StageSteps model={journey.model} currentStage={journey.current.stage} />
      <SinceSummary model={journey.model} current={journey.current} timeZone={timeZone} now={now} />
      <Divider />
      <TimelineTable model={journey.model} timeline={journey.timeline} portalId={portalId} timeZone={timeZone} />
    </Flex>
  );
}
