import { Alert, Button, Flex, Tag, Text } from '@hubspot/ui-extensions';
import { useState } from 'react';

import { forecastInWords } from '@journey-stages/contract/forecast-words';
import type { Journey } from '@journey-stages/contract/journey';
import type { Words } from '@journey-stages/contract/words';
import { describeApiError } from '@journey-stages/extension-kit/describe-api-error';
import type { ApiError } from '@journey-stages/extension-kit/signed-fetch';
import { stageLabel } from '@journey-stages/extension-kit/stage-label';
import { describeHealth, HEALTH_TAG_VARIANT } from '../format/describeHealth.ts';
import { SnoozeForm } from './SnoozeForm.tsx';

/** What the card does when a rep snoozes or lifts the flag (useJourney's snooze and lift). */
export interface SnoozeActions {
  snooze: (until: Date, reason: string) => Promise<ApiError | null>;
  lift: () => Promise<ApiError | null>;
}

export interface HealthSummaryProps {
  journey: Journey;
  words: Words;
  now: Date;
  /** The sidebar says health in one line; the tab says it with the quantiles. */
  compact?: boolean;
  snooze?: SnoozeActions | undefined;
  /** Keeps a ticket's several contacts apart in tests. */
  testIdPrefix?: string;
}

/**
 * Is the contact stuck? The badge compares its time in the stage with how long the portal's
 * contacts that moved on took (docs/health.md), and the forecast says how likely a move is in
 * the next 30 days. Without a basis it says so instead of guessing; in the model's last stage
 * there is nothing to move on to, so it shows nothing. A behind or stuck flag can be snoozed.
 */
export function HealthSummary({ journey, words, now, compact = false, snooze, testIdPrefix = '' }: HealthSummaryProps) {
  const label = stageLabel(journey.model, journey.current.stage);
  const last = journey.model.stages.at(-1)?.id === journey.current.stage;
  if (journey.health === undefined || last) return null;
  const forecast = journey.forecast ? (
    <Text testId={`${testIdPrefix}journey-forecast`} variant="microcopy">
      {forecastInWords(journey.forecast, words, { basis: !compact })}
    </Text>
  ) : null;
  if (journey.health === null) {
    return (
      <Flex direction="column" gap="flush">
        <Text testId={`${testIdPrefix}journey-health-none`} variant="microcopy">
          {words.t('health.noBasis', { stage: label })}
        </Text>
        {forecast}
      </Flex>
    );
  }
  const { status, detail, short } = describeHealth(journey.health, label, words);
  const { snoozed } = journey.health;
  const flagged = journey.health.status !== 'on_track';
  return (
    <Flex direction="column" gap="flush" testId={`${testIdPrefix}journey-health`}>
      <Flex direction="row" gap="xs" align="center" wrap="wrap">
        <Tag testId={`${testIdPrefix}journey-health-status`} variant={HEALTH_TAG_VARIANT[journey.health.status]}>
          {status}
        </Tag>
        <Text testId={`${testIdPrefix}journey-health-detail`}>{compact ? short : detail}</Text>
      </Flex>
      {forecast}
      {snoozed && (
        <Text testId={`${testIdPrefix}journey-health-snoozed`} variant="microcopy">
          {words.t('health.snoozed', { date: words.day(snoozed.until), reason: snoozed.reason })}
        </Text>
      )}
      {snooze && flagged && <SnoozeControls snoozed={snoozed !== undefined} actions={snooze} words={words} now={now} />}
    </Flex>
  );
}

function SnoozeControls({
  snoozed,
  actions,
  words,
  now,
}: {
  snoozed: boolean;
  actions: SnoozeActions;
  words: Words;
  now: Date;
}) {
  const [open, setOpen] = useState(false);
  const [liftError, setLiftError] = useState<ApiError | null>(null);
  const [lifting, setLifting] = useState(false);
  if (snoozed) {
    const lift = async () => {
      setLifting(true);
      const error = await actions.lift();
      setLifting(false);
      setLiftError(error);
    };
    return (
      <Flex direction="column" gap="xs">
        {liftError && (
          <Alert testId="snooze-lift-error" title={words.t('snooze.liftFailed')} variant="error">
            {describeApiError(liftError, words).advice}
          </Alert>
        )}
        <Flex direction="row">
          <Button testId="snooze-lift" variant="secondary" size="xs" disabled={lifting} onClick={() => void lift()}>
            {words.t('snooze.lift')}
          </Button>
        </Flex>
      </Flex>
    );
  }
  if (!open)
    return (
      <Flex direction="row">
        <Button testId="snooze-open" variant="secondary" size="xs" onClick={() => setOpen(true)}>
          {words.t('snooze.action')}
        </Button>
      </Flex>
    );
  return (
    <SnoozeForm
      words={words}
      now={now}
      onCancel={() => setOpen(false)}
      onSubmit={async (until, reason) => {
        const error = await actions.snooze(until, reason);
        if (error === null) setOpen(false);
        return error;
      }}
    />
  );
}
