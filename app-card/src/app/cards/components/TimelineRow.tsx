import { Flex, TableCell, TableRow, Tag, Text } from '@hubspot/ui-extensions';

import { stageLabel } from '../format/stageLabel.ts';
import { formatDay } from '../format/zonedDay.ts';
import type { ModelRef, TimelineEntry } from '@journey-stages/contract/journey';
import { EvidenceList } from './EvidenceList.tsx';

export interface TimelineRowProps {
  index: number;
  entry: TimelineEntry;
  model: ModelRef;
  portalId: number;
  timeZone: string;
  uiDomain?: string;
}

export function TimelineRow({ index, entry, model, portalId, timeZone, uiDomain }: TimelineRowProps) {
  const testId = `timeline-row-${index}`;
  return (
    <TableRow testId={testId}>
      <TableCell>
        <Flex direction="column" gap="flush">
          <Text testId={`${testId}-date`}>{formatDay(new Date(entry.enteredAt), timeZone)}</Text>
          {entry.observed === true && (
            <Text testId={`${testId}-observed`} variant="microcopy">
              observed (no HubSpot timestamp)
            </Text>
          )}
        </Flex>
      </TableCell>
      <TableCell>
        <Flex direction="row" gap="xs" align="center">
          <Text testId={`${testId}-stage`}>{stageLabel(model, entry.stage)}</Text>
          {entry.direction === 'regression' && (
            <Tag testId={`${testId}-regression`} variant="error">
              Regression
            </Tag>
          )}
        </Flex>
        {entry.skipped !== undefined && entry.skipped.length > 0 && (
          <Text testId={`${testId}-skipped`} variant="microcopy">
            {`passed over ${entry.skipped.map((id) => stageLabel(model, id)).join(', ')}`}
          </Text>
        )}
      </TableCell>
      <TableCell>
        <Text testId={`${testId}-reason`}>{entry.reason}</Text>
      </TableCell>
      <TableCell>
        <EvidenceList testId={`${testId}-evidence`} evidence={entry.evidence} portalId={portalId} uiDomain={uiDomain} />
      </TableCell>
    </TableRow>
  );
}
