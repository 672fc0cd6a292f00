import { Text } from '@hubspot/ui-extensions';

import type { Journey, ModelRef } from '@journey-stages/contract/journey';
import type { Words } from '@journey-stages/contract/words';
import { stageLabel } from '@journey-stages/extension-kit/stage-label';

export interface SinceSummaryProps {
  model: ModelRef;
  current: Journey['current'];
  words: Words;
  now: Date;
  /** Keeps a ticket's several contacts apart in tests. */
  testIdPrefix?: string;
}

/** "Purchase since 2 Mar 2026 · 12 days", dates in the portal's time zone. */
export function SinceSummary({ model, current, words, now, testIdPrefix = '' }: SinceSummaryProps) {
  const enteredAt = new Date(current.enteredAt);
  return (
    <Text testId={`${testIdPrefix}journey-since`} format={{ fontWeight: 'demibold' }}>
      {words.t('journey.since', {
        stage: stageLabel(model, current.stage),
        date: words.day(enteredAt),
        duration: words.daysBetween(enteredAt, now),
      })}
    </Text>
  );
}
