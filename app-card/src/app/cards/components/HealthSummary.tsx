import { Flex, Tag, Text } from '@hubspot/ui-extensions';

import { describeHealth, HEALTH_TAG_VARIANT } from '../format/describeHealth.ts';
import { stageLabel } from '../format/stageLabel.ts';
import { formatDay } from '../format/zonedDay.ts';
import type { Journey } from '@journey-stages/contract/journey';

export interface HealthSummaryProps {
  journey: Journey;
  timeZone: string;
}

/**
 * Is the contact stuck? The badge compares its time in the stage with the portal's own
 * dwell times (CONTRACT.md §8). Without a basis it says so instead of guessing; in the
 * model's last stage there is nothing to move on to, so it shows nothing.
 */
export function HealthSummary({ journey, timeZone }: HealthSummaryProps) {
  const label = stageLabel(journey.model, journey.current.stage);
  const last = journey.model.stages.at(-1)?.id === journey.current.stage;
  if (journey.health === undefined || last) return null;
  if (journey.health === null) {
    return (
      <Text testId="journey-health-none" variant="microcopy">
        {`Not enough contacts have passed through ${label} yet to say whether this one is stuck.`}
      </Text>
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
      {snoozed && (
        <Text testId="journey-health-snoozed" variant="microcopy">
          {`Flag snoozed until ${formatDay(new Date(snoozed.until), timeZone)}: ${snoozed.reason}`}
        </Text>
      )}
    </Flex>
  );
}
