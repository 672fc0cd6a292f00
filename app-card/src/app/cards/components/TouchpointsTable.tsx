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

import type { Journey, TouchpointStay, TouchpointType } from '@journey-stages/contract/journey';
import { hubspotRecordUrl } from '@journey-stages/contract/record-url';
import type { Words } from '@journey-stages/contract/words';
import { stageLabel } from '@journey-stages/extension-kit/stage-label';

const TYPES: readonly TouchpointType[] = ['email', 'call', 'meeting', 'ticket', 'form'];

export interface TouchpointsTableProps {
  journey: Journey;
  portalId: number;
  words: Words;
}

/**
 * The contact's emails, calls, meetings, tickets and form submissions, placed in the stay
 * they fall in. The stage comes first: touchpoints fill in, and when HubSpot could not give
 * them in time the card says so instead of showing zeros.
 */
export function TouchpointsTable({ journey, portalId, words }: TouchpointsTableProps) {
  const status = journey.touchpointsStatus ?? (journey.touchpoints ? 'ok' : undefined);
  if (status === undefined) return null;
  const notice =
    status === 'ok' ? null : (
      <Alert
        testId="journey-touchpoints-unavailable"
        title={words.t(status === 'partial' ? 'touchpoints.partial.title' : 'touchpoints.unavailable.title')}
        variant="info"
      >
        {words.t('touchpoints.unavailable.body')}
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
            <TableHeader>{words.t('touchpoints.stay')}</TableHeader>
            {TYPES.map((t) => (
              <TableHeader key={t}>{words.t(`touchpoints.${t}.many`)}</TableHeader>
            ))}
            <TableHeader>{words.t('touchpoints.mostRecent')}</TableHeader>
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
              words={words}
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
  words,
}: { index: number; stay: TouchpointStay } & TouchpointsTableProps) {
  const testId = `touchpoints-row-${index}`;
  const stage = stageLabel(journey.model, stay.stage);
  const label = stay.enteredAt ? words.t('touchpoints.stayFrom', { stage, date: words.day(stay.enteredAt) }) : stage;
  return (
    <TableRow testId={testId}>
      <TableCell>
        <Text testId={`${testId}-stage`}>{label}</Text>
      </TableCell>
      {TYPES.map((t) => (
        <TableCell key={t}>
          <Text testId={`${testId}-${t}`}>{words.number(stay.counts[t] ?? 0)}</Text>
        </TableCell>
      ))}
      <TableCell>
        <Flex direction="column" gap="flush">
          {stay.recent.map((r) => {
            const text = `${words.t(`touchpoints.${r.type}.one`)} · ${words.day(r.at)}${r.title ? ` · ${r.title}` : ''}`;
            return r.type === 'ticket' ? (
              <Link
                key={`${r.type}-${r.id}`}
                testId={`${testId}-recent-${r.id}`}
                href={{ url: hubspotRecordUrl(journey.uiDomain, portalId, '0-5', r.id), external: false }}
              >
                {text}
              </Link>
            ) : (
              <Text key={`${r.type}-${r.id}`} testId={`${testId}-recent-${r.id}`}>
                {text}
              </Text>
            );
          })}
        </Flex>
      </TableCell>
    </TableRow>
  );
}
