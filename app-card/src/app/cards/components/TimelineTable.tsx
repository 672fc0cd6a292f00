import { Table, TableBody, TableHead, TableHeader, TableRow } from '@hubspot/ui-extensions';

import type { ModelRef, TimelineEntry } from '@journey-stages/contract/journey';
import { TimelineRow } from './TimelineRow.tsx';

export interface TimelineTableProps {
  model: ModelRef;
  timeline: TimelineEntry[];
  portalId: number;
  timeZone: string;
  uiDomain?: string;
}

/** Every stage change, oldest first, as the service orders them (docs/api.md). */
export function TimelineTable({ model, timeline, portalId, timeZone, uiDomain }: TimelineTableProps) {
  return (
    <Table testId="journey-timeline" bordered>
      <TableHead>
        <TableRow>
          <TableHeader>Date</TableHeader>
          <TableHeader>Stage</TableHeader>
          <TableHeader>Reason</TableHeader>
          <TableHeader>Evidence</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {timeline.map((entry, index) => (
          <TimelineRow
            // biome-ignore lint/suspicious/noArrayIndexKey: entries are appended, never reordered; a stage and time may repeat
            key={`${entry.enteredAt}-${entry.stage}-${index}`}
            index={index}
            entry={entry}
            model={model}
            portalId={portalId}
            timeZone={timeZone}
            uiDomain={uiDomain}
          />
        ))}
      </TableBody>
    </Table>
  );
}
