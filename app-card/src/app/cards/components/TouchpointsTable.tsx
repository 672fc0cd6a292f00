import {
  Alert,
  Flex,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';

import { hubspotRecordUrl } from '@journey-stages/contract/record-url';
import { stageLabel } from '../format/stageLabel.ts';
import { formatDay } from '../format/zonedDay.ts';
import type { Journey, TouchpointStay, TouchpointType } from '@journey-stages/contract/journey';

const TYPES: readonly TouchpointType[] = ['email', 'call', 'meeting', 'ticket', 'form'];
const TYPE_LABEL: Record<TouchpointType, string> = {
  email: 'Emails',
  call: 'Calls',
  meeting: 'Meetings',
  ticket: 'Tickets',
  form: 'Forms',
};
const ONE: Record<TouchpointType, string> = {
  email: 'Email',
  call: 'Call',
  meeting: 'Meeting',
  ticket: 'Ticket',
  form: 'Form submission',
};

export interface TouchpointsTableProps {
  journey: Journey;
  portalId: number;
  timeZone: string;
}

/**
 * The contact's emails, calls, meetings, tickets and form submissions, placed in the stay
 * they fall in. The stage comes first: touchpoints fill in, and when HubSpot could not give
 * them in time the card says so instead of showing zeros.
 */
export function TouchpointsTable({ journey, portalId, timeZone }: TouchpointsTableProps) {
  const status = journey.touchpointsStatus ?? (journey.touchpoints ? 'ok' : undefined);
  if (status === undefined) return null;
  const notice =
    status === 'ok' ? null : (
      <Alert
        testId="journey-touchpoints-unavailable"
        title={status === 'partial' ? 'Some touchpoints are missing' : 'Touchpoints are not available right now'}
        variant="info"
      >
        HubSpot did not answer in time. The stage above is up to date; open the card again in a minute for the
        touchpoints.
      </Alert>
    );
  const stays = journey.touchpoints ?? [];
  if (stays.length === 0) return notice;
  return (
    <Flex direction="column" gap="sm" testId="journey-touchpoints">
      {notice}
      <Table bordered>
        <TableHead>
          <TableRow>
            <TableHeader>Stay</TableHeader>
            {TYPES.map((t) => (
              <TableHeader key={t}>{TYPE_LABEL[t]}</TableHeader>
            ))}
            <TableHeader>Most recent</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {stays.map((stay, i) => (
            <TouchpointRow
              // biome-ignore lint/suspicious/noArrayIndexKey: one stay per timeline entry, in timeline order
              key={i}
              index={i}
              stay={stay}
              journey={journey}
              portalId={portalId}
              timeZone={timeZone}
            />
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}

function TouchpointRow({
  index,
  stay,
  journey,
  portalId,
  timeZone,
}: { index: number; stay: TouchpointStay } & TouchpointsTableProps) {
  const testId = `touchpoints-row-${index}`;
  const since = stay.enteredAt ? ` (from ${formatDay(new Date(stay.enteredAt), timeZone)})` : '';
  return (
    <TableRow testId={testId}>
      <TableCell>
        <Text testId={`${testId}-stage`}>{`${stageLabel(journey.model, stay.stage)}${since}`}</Text>
      </TableCell>
      {TYPES.map((t) => (
        <TableCell key={t}>
          <Text testId={`${testId}-${t}`}>{String(stay.counts[t] ?? 0)}</Text>
        </TableCell>
      ))}
      <TableCell>
        <Flex direction="column" gap="flush">
          {stay.recent.map((r) =>
            r.type === 'ticket' ? (
              <Link
                key={`${r.type}-${r.id}`}
                testId={`${testId}-recent-${r.id}`}
                href={{ url: hubspotRecordUrl(journey.uiDomain, portalId, '0-5', r.id), external: false }}
              >
                {`${ONE[r.type]} · ${formatDay(new Date(r.at), timeZone)}${r.title ? ` · ${r.title}` : ''}`}
              </Link>
            ) : (
              <Text key={`${r.type}-${r.id}`} testId={`${testId}-recent-${r.id}`}>
                {`${ONE[r.type]} · ${formatDay(new Date(r.at), timeZone)}${r.title ? ` · ${r.title}` : ''}`}
              </Text>
            ),
          )}
        </Flex>
      </TableCell>
    </TableRow>
  );
}
