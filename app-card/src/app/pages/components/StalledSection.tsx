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
import { forecastInWords } from '@journey-stages/contract/forecast-words';
import { stageLabel } from '@journey-stages/extension-kit/stage-label';
import { useSignedGet } from '../hooks/useSignedGet.ts';
import { Stalled } from '@journey-stages/contract/analytics-schema';
import type { ModelRef } from '@journey-stages/contract/journey';
import { FunnelErrorState } from './FunnelErrorState.tsx';
import { useWords } from '@journey-stages/extension-kit/use-words';

/** How many stalled contacts the page lists; the same list is filterable in HubSpot by "Journey Stages: health". */
export const STALLED_LIMIT = 25;

/** Who is stuck right now (or behind), longest first, each linked to the record. */
export function StalledSection({ baseUrl, portalId, model }: { baseUrl: string; portalId: number; model: ModelRef }) {
  const [health, setHealth] = useState<'stuck' | 'behind'>('stuck');
  const words = useWords();
  const query = new URLSearchParams({ limit: String(STALLED_LIMIT) });
  if (health === 'behind') query.set('health', 'behind');
  const { state, retry } = useSignedGet(`${baseUrl}/api/journey/stalled?${query.toString()}`, Stalled);
  return (
    <>
      <Heading>{words.t('home.stalled.title')}</Heading>
      <Select
        testId="stalled-health"
        name="stalled-health"
        label={words.t('home.stalled.show')}
        value={health}
        options={[
          { value: 'stuck', label: words.t('home.stalled.stuck') },
          { value: 'behind', label: words.t('home.stalled.behind') },
        ]}
        onChange={(value) => setHealth(value === 'behind' ? 'behind' : 'stuck')}
      />
      {state.status === 'loading' && (
        <LoadingSpinner testId="stalled-loading" label={words.t('home.stalled.loading')} />
      )}
      {state.status === 'error' && <FunnelErrorState error={state.error} onRetry={retry} testId="stalled-error" />}
      {state.status === 'ready' && state.data.contacts.length === 0 && (
        <EmptyState
          testId="stalled-empty"
          title={words.t(health === 'behind' ? 'home.stalled.none.behind' : 'home.stalled.none.stuck')}
          layout="vertical"
        >
          <Text>{words.t('home.stalled.none.body')}</Text>
        </EmptyState>
      )}
      {state.status === 'ready' && state.data.contacts.length > 0 && (
        <Table testId="stalled-table" bordered>
          <TableHead>
            <TableRow>
              <TableHeader>{words.t('home.stalled.contact')}</TableHeader>
              <TableHeader>{words.t('home.stalled.stage')}</TableHeader>
              <TableHeader>{words.t('home.stalled.days')}</TableHeader>
              <TableHeader>{words.t('home.stalled.outlook')}</TableHeader>
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
                    {words.t('record.contact', { contactId: c.contactId })}
                  </Link>
                </TableCell>
                <TableCell>
                  <Text testId={`stalled-stage-${c.contactId}`}>{stageLabel(model, c.stage)}</Text>
                </TableCell>
                <TableCell>
                  <Text testId={`stalled-days-${c.contactId}`}>{words.number(Math.floor(c.daysInStage), 0)}</Text>
                </TableCell>
                <TableCell>
                  <Text testId={`stalled-forecast-${c.contactId}`}>
                    {c.forecast ? forecastInWords(c.forecast, words) : '–'}
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
