import { Text } from '@hubspot/ui-extensions';

import type { Journey } from '@journey-stages/contract/journey';
import type { Words } from '@journey-stages/contract/words';
import { stageLabel } from '@journey-stages/extension-kit/stage-label';

/** After a regression the furthest stage reached is worth saying; otherwise it is the current one. */
export function HighestStage({ journey, words }: { journey: Journey; words: Words }) {
  const { highest, current } = journey;
  if (!highest || highest.stage === current.stage) return null;
  return (
    <Text testId="journey-highest" variant="microcopy">
      {words.t('journey.highest', {
        stage: stageLabel(journey.model, highest.stage),
        date: words.day(highest.enteredAt),
      })}
    </Text>
  );
}
