import { Text } from '@hubspot/ui-extensions';

import { formatDaysInStage } from '../format/formatDaysInStage.ts';
import { stageLabel } from '../format/stageLabel.ts';
import { formatDay } from '../format/zonedDay.ts';
import type { Journey, ModelRef } from '@journey-stages/contract/journey';

export interface SinceSummaryProps {
  model: ModelRef;
  current: Journey['current'];
  timeZone: string;
  now: Date;
}

/** "Purchase since 2 Mar 2026 · 12 days", dates in the portal's time zone. */
export function SinceSummary({ model, current, timeZone, now }: SinceSummaryProps) {
  const enteredAt = new Date(current.enteredAt);
  const since = formatDay(enteredAt, timeZone);
  const duration = formatDaysInStage(enteredAt, now, timeZone);
  return (
    <Text testId="journey-since" format={{ fontWeight: 'demibold' }}>
      {`${stageLabel(model, current.stage)} since ${since} · ${duration}`}
    </Text>
  );
}
