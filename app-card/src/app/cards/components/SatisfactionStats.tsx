import { Statistics, StatisticsItem, Text } from '@hubspot/ui-extensions';

import { formatDay } from '../format/zonedDay.ts';
import type { SatisfactionAnswer } from '@journey-stages/contract/journey';

const LABEL = { nps: 'Last NPS (0–10)', csat: 'Last CSAT', ces: 'Last CES' } as const;

/** The last NPS, CSAT and CES answers HubSpot holds, beside the stage they may have moved. */
export function SatisfactionStats({
  answers,
  timeZone,
}: {
  answers: SatisfactionAnswer[] | undefined;
  timeZone: string;
}) {
  if (!answers || answers.length === 0) return null;
  return (
    <Statistics testId="journey-satisfaction">
      {answers.map((a) => (
        <StatisticsItem key={a.kind} testId={`journey-satisfaction-${a.kind}`} label={LABEL[a.kind]} number={a.value}>
          <Text variant="microcopy">{a.at ? formatDay(new Date(a.at), timeZone) : 'date unknown'}</Text>
        </StatisticsItem>
      ))}
    </Statistics>
  );
}
