import { Flex, Link, List, Text } from '@hubspot/ui-extensions';

import type { Journey } from '@journey-stages/contract/journey';
import { hubspotRecordUrl } from '@journey-stages/contract/record-url';
import type { Words } from '@journey-stages/contract/words';
import { HealthSummary, type SnoozeActions } from './HealthSummary.tsx';
import { SatisfactionStats } from './SatisfactionStats.tsx';
import { SinceSummary } from './SinceSummary.tsx';
import { TimelineTable } from './TimelineTable.tsx';
import { WriteErrorNotice } from './WriteErrorNotice.tsx';

/** How many of the latest timeline entries the compact view shows. */
export const COMPACT_TIMELINE_ENTRIES = 3;

export interface JourneyCompactProps {
  journey: Journey;
  portalId: number;
  words: Words;
  now: Date;
  snooze?: SnoozeActions | undefined;
  /** Prefixes every testId, so a ticket's several contacts stay apart. */
  testIdPrefix?: string;
}

/**
 * The journey where space is short (the record sidebar, the preview panel, the help desk):
 * stage and since when, health in one line, the forecast, how to help now, the last survey
 * answers, the last three changes, and a link to the contact's record with the full tab.
 */
export function JourneyCompact({ journey, portalId, words, now, snooze, testIdPrefix = '' }: JourneyCompactProps) {
  const help = journey.model.stages.find((s) => s.id === journey.current.stage)?.guidance?.help ?? [];
  const firstShown = Math.max(0, journey.timeline.length - COMPACT_TIMELINE_ENTRIES);
  const recent = journey.timeline.slice(firstShown);
  return (
    <Flex direction="column" gap="sm" testId={`${testIdPrefix}journey-compact`}>
      <WriteErrorNotice journey={journey} words={words} testIdPrefix={testIdPrefix} />
      <SinceSummary
        model={journey.model}
        current={journey.current}
        words={words}
        now={now}
        testIdPrefix={testIdPrefix}
      />
      <HealthSummary journey={journey} words={words} now={now} compact snooze={snooze} testIdPrefix={testIdPrefix} />
      {help.length > 0 && (
        <Flex direction="column" gap="flush" testId={`${testIdPrefix}journey-help`}>
          <Text format={{ fontWeight: 'demibold' }}>{words.t('guidance.help')}</Text>
          <List variant="unordered-styled">
            {help.map((line, i) => (
              <Text
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of the model's guidance lines
                key={i}
              >
                {line}
              </Text>
            ))}
          </List>
        </Flex>
      )}
      <SatisfactionStats answers={journey.satisfaction} words={words} testIdPrefix={testIdPrefix} />
      {recent.length > 0 && (
        <Flex direction="column" gap="flush">
          <Text format={{ fontWeight: 'demibold' }}>{words.t('timeline.recent')}</Text>
          <TimelineTable
            model={journey.model}
            timeline={recent}
            firstIndex={firstShown}
            portalId={portalId}
            words={words}
            uiDomain={journey.uiDomain}
            compact
            testIdPrefix={testIdPrefix}
          />
        </Flex>
      )}
      <Link
        testId={`${testIdPrefix}journey-open-tab`}
        href={{ url: hubspotRecordUrl(journey.uiDomain, portalId, '0-1', journey.contactId), external: false }}
      >
        {words.t('sidebar.openTab')}
      </Link>
    </Flex>
  );
}
