import { Text } from '@hubspot/ui-extensions';

import { stageLabel } from '../format/stageLabel.ts';
import { formatDay } from '../format/zonedDay.ts';
import type { Journey } from '@journey-stages/contract/journey';

/** After a regression the furthest stage reached is worth saying; otherwise it is the current one. */
export function HighestStage({ journey, timeZone }: { journey: Journey; timeZone: string }) {
  const { highest, current } = journey;
  if (!highest || highest.stage === current.stage) return null;
  return (
    <Text testId="journey-highest" variant="microcopy">
      {`Furthest stage reached: ${stageLabel(journey.model, highest.stage)}, on ${formatDay(new Date(highest.enteredAt), timeZone)}`}
    </Text>
  );
}
