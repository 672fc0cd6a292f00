import { Statistics, StatisticsItem, Text } from '@hubspot/ui-extensions';

import type { SatisfactionAnswer } from '@journey-stages/contract/journey';
import type { Words } from '@journey-stages/contract/words';

/** The last NPS, CSAT and CES answers HubSpot holds, beside the stage they may have moved. */
export function SatisfactionStats({
  answers,
  words,
  testIdPrefix = '',
}: {
  answers: SatisfactionAnswer[] | undefined;
  words: Words;
  testIdPrefix?: string;
}) {
  if (!answers || answers.length === 0) return null;
  return (
    <Statistics testId={`${testIdPrefix}journey-satisfaction`}>
      {answers.map((a) => (
        <StatisticsItem
          key={a.kind}
          testId={`${testIdPrefix}journey-satisfaction-${a.kind}`}
          label={words.t(`satisfaction.${a.kind}`)}
          number={a.value}
        >
          <Text variant="microcopy">{a.at ? words.day(a.at) : words.t('satisfaction.dateUnknown')}</Text>
        </StatisticsItem>
      ))}
    </Statistics>
  );
}
