import { Table, TableBody, TableHead, TableHeader, TableRow } from '@hubspot/ui-extensions';

import type { ModelRef, TimelineEntry } from '@journey-stages/contract/journey';
import type { Words } from '@journey-stages/contract/words';
import { TimelineRow } from './TimelineRow.tsx';

export interface TimelineTableProps {
  model: ModelRef;
  timeline: TimelineEntry[];
  portalId: number;
  words: Words;
  /** The first row's number (the sidebar shows the last entries only). */
  firstIndex?: number;
  /** The sidebar leaves out the reasons' evidence. */
  compact?: boolean;
  uiDomain?: string;
  /** Keeps a ticket's several contacts apart in tests. */
  testIdPrefix?: string;
}

/** Every stage change, oldest first, as the service orders them (docs/api.md). */
export function TimelineTable({
  model,
  timeline,
  portalId,
  words,
  uiDomain,
  firstIndex = 0,
  compact = false,
  testIdPrefix = '',
}: TimelineTableProps) {
  return (
    <Table testId={`${testIdPrefix}journey-timeline`} bordered>
      <TableHead>
        <TableRow>
          <TableHeader>{words.t('timeline.date')}</TableHeader>
          <TableHeader>{words.t('timeline.stage')}</TableHeader>
          <TableHeader>{words.t('timeline.reason')}</TableHeader>
          {!compact && <TableHeader>{words.t('timeline.evidence')}</TableHeader>}
        </TableRow>
      </TableHead>
      <TableBody>
        {timeline.map((entry, index) => (
          <TimelineRow
            // biome-ignore lint/suspicious/noArrayIndexKey: entries are appended, never reordered; a stage and time may repeat
            key={`${entry.enteredAt}-${entry.stage}-${index}`}
            index={firstIndex + index}
            entry={entry}
            model={model}
            portalId={portalId}
            words={words}
            compact={compact}
            testIdPrefix={testIdPrefix}
            uiDomain={uiDomain}
          />
        ))}
      </TableBody>
    </Table>
  );
}
