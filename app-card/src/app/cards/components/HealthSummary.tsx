import { Flex, Tag, Text } from '@hubspot/ui-extensions';

import { describeHealth, HEALTH_TAG_VARIANT } from '../format/describeHealth.ts';
import { forecastSentence } from '@journey-stages/contract/forecast-words';
import { stageLabel } from '../format/stageLabel.ts';
import { formatDay } from '../format/zonedDay.ts';
import type { Journey } from '@journey-stages/contract/journey';

export interface HealthSummaryProps {
  journey: Journey;
  timeZone: string;
}

/**
 * Is the contact stuck? The badge compares its time in the stage with how long the portal's
 * contacts that moved on took (docs/health.md), and the forecast says how likely a move is in
 * the next 30 days. Without a basis it says so instead of guessing; in the model's last stage
 * there is nothing to move on to, so it shows nothing.
 */
export function HealthSummary({ journey, timeZone }: HealthSummaryProps) {
  const label = stageLabel(journey.model, journey.current.stage);
  const last = journey.model.stages.at(-1)?.id === journey.current.stage;
  if (journey.health === undefined || last) return null;
  const forecast = journey.forecast ? (
    <Text testId="journey-forecast" variant="microcopy">
      {forecastSentence(journey.forecast, { basis: true })}
    </Text>
  ) : null;
  if (journey.health === null) {
    return (
      <Flex direction="column" gap="flush">
        <Text testId="journey-health-none" variant="microcopy">
          {`Fewer than 20 contacts have moved on from ${label} in the last year: too few to say whether this one is stuck.`}
        </Text>
        {forecast}
      </Flex>
    );
  }
  const { status, detail } = describeHealth(journey.health, label);
  const { snoozed } = journey.health;
  return (
    <Flex direction="column" gap="flush" testId="journey-health">
      <Flex direction="row" gap="xs" align="center">
        <Tag testId="journey-health-status" variant={HEALTH_TAG_VARIANT[journey.health.status]}>
          {status}
        </Tag>
        <Text testId="journey-health-detail">{detail}</Text>
      </Flex>
      {forecast}
      {snoozed && (
        <Text testId="journey-health-snoozed" variant="microcopy">
          {`Flag snoozed until ${formatDay(new Date(snoozed.until), timeZone)}: ${snoozed.reason}`}
        </Text>
      )}
    </Flex>
  );
}
