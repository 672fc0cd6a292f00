import {
  EmptyState,
  Heading,
  Link,
  LoadingSpinner,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { useState } from 'react';

import { hubspotRecordUrl } from '@journey-stages/contract/record-url';
import { forecastSentence } from '@journey-stages/contract/forecast-words';
import { stageLabel } from '@journey-stages/extension-kit/stage-label';
import { useSignedGet } from '../hooks/useSignedGet.ts';
import { Stalled } from '@journey-stages/contract/analytics-schema';
import type { ModelRef } from '@journey-stages/contract/journey';
import { FunnelErrorState } from './FunnelErrorState.tsx';

/** How many stalled contacts the page lists; the same list is filterable in HubSpot by "Journey Stages: health". */
export const STALLED_LIMIT = 25;

/** Who is stuck right now (or behind), longest first, each linked to the record. */
export function StalledSection({ baseUrl, portalId, model }: { baseUrl: string; portalId: number; model: ModelRef }) {
  const [health, setHealth] = useState<'stuck' | 'behind'>('stuck');
  const query = new URLSearchParams({ limit: String(STALLED_LIMIT) });
  if (health === 'behind') query.set('health', 'behind');
  const { state, retry } = useSignedGet(`${baseUrl}/api/journey/stalled?${query.toString()}`, Stalled);
  return (
    <>
      <Heading>Stalled now</Heading>
      <Select
        testId="stalled-health"
        name="stalled-health"
        label="Show contacts that are"
        value={health}
        options={[
          { value: 'stuck', label: 'Stuck (past 9 in 10 of their peers)' },
          { value: 'behind', label: 'Behind (past 3 in 4)' },
        ]}
        onChange={(value) => setHealth(value === 'behind' ? 'behind' : 'stuck')}
      />
      {state.status === 'loading' && <LoadingSpinner testId="stalled-loading" label="Finding stalled contacts" />}
      {state.status === 'error' && <FunnelErrorState error={state.error} onRetry={retry} testId="stalled-error" />}
      {state.status === 'ready' && state.data.contacts.length === 0 && (
        <EmptyState testId="stalled-empty" title={`No contact is ${health} right now`} layout="vertical">
          <Text>Every contact is moving within the time most contacts take at its stage.</Text>
        </EmptyState>
      )}
      {state.status === 'ready' && state.data.contacts.length > 0 && (
        <Table testId="stalled-table" bordered>
          <TableHead>
            <TableRow>
              <TableHeader>Contact</TableHeader>
              <TableHeader>Stage</TableHeader>
              <TableHeader>Days in stage</TableHeader>
              <TableHeader>Outlook</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {state.data.contacts.map((c) => (
              <TableRow key={c.contactId} testId={`stalled-row-${c.contactId}`}>
                <TableCell>
                  <Link
                    testId={`stalled-link-${c.contactId}`}
                    href={{ url: hubspotRecordUrl(state.data.uiDomain, portalId, '0-1', c.contactId), external: false }}
                  >
                    {`Contact ${c.contactId}`}
                  </Link>
                </TableCell>
                <TableCell>
                  <Text testId={`stalled-stage-${c.contactId}`}>{stageLabel(model, c.stage)}</Text>
                </TableCell>
                <TableCell>
                  <Text testId={`stalled-days-${c.contactId}`}>{String(Math.floor(c.daysInStage))}</Text>
                </TableCell>
                <TableCell>
                  <Text testId={`stalled-forecast-${c.contactId}`}>
                    {c.forecast ? forecastSentence(c.forecast) : '–'}
                  </Text>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
