import { Flex, TableCell, TableRow, Tag, Text } from '@hubspot/ui-extensions';

import type { ModelRef, TimelineEntry } from '@journey-stages/contract/journey';
import type { Words } from '@journey-stages/contract/words';
import { stageLabel } from '@journey-stages/extension-kit/stage-label';
import { EvidenceList } from './EvidenceList.tsx';

export interface TimelineRowProps {
  index: number;
  entry: TimelineEntry;
  model: ModelRef;
  portalId: number;
  words: Words;
  uiDomain?: string;
  compact?: boolean;
  testIdPrefix?: string;
}

export function TimelineRow({
  index,
  entry,
  model,
  portalId,
  words,
  uiDomain,
  compact = false,
  testIdPrefix = '',
}: TimelineRowProps) {
  const testId = `${testIdPrefix}timeline-row-${index}`;
  return (
    <TableRow testId={testId}>
      <TableCell>
        <Flex direction="column" gap="flush">
          <Text testId={`${testId}-date`}>{words.day(entry.enteredAt)}</Text>
          {entry.observed === true && (
            <Text testId={`${testId}-observed`} variant="microcopy">
              {words.t('timeline.observed')}
            </Text>
          )}
        </Flex>
      </TableCell>
      <TableCell>
        <Flex direction="row" gap="xs" align="center">
          <Text testId={`${testId}-stage`}>{stageLabel(model, entry.stage)}</Text>
          {entry.direction === 'regression' && (
            <Tag testId={`${testId}-regression`} variant="error">
              {words.t('timeline.regression')}
            </Tag>
          )}
        </Flex>
        {entry.skipped !== undefined && entry.skipped.length > 0 && (
          <Text testId={`${testId}-skipped`} variant="microcopy">
            {words.t('timeline.skipped', { stages: entry.skipped.map((id) => stageLabel(model, id)).join(', ') })}
          </Text>
        )}
      </TableCell>
      <TableCell>
        <Text testId={`${testId}-reason`}>{entry.reason}</Text>
      </TableCell>
      {!compact && (
        <TableCell>
          <EvidenceList
            testId={`${testId}-evidence`}
            evidence={entry.evidence}
            portalId={portalId}
            uiDomain={uiDomain}
            words={words}
          />
        </TableCell>
      )}
    </TableRow>
  );
}
