import {
  EmptyState,
  Heading,
  LoadingSpinner,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';

import { cohortCell } from '../format/cohortCells.ts';
import { formatCount } from '../format/formatFigures.ts';
import type { DayRange } from '../format/periodRange.ts';
import { useSignedGet } from '../hooks/useSignedGet.ts';
import { Cohorts } from '@journey-stages/contract/analytics-schema';
import type { ModelRef } from '@journey-stages/contract/journey';
import { FunnelErrorState } from './FunnelErrorState.tsx';
import { useWords } from '@journey-stages/extension-kit/use-words';

/** Are newer contacts converting faster? Contacts by month of first stage entry, share reaching each later stage in 30/60/90 days. */
export function CohortSection({ baseUrl, range, model }: { baseUrl: string; range: DayRange; model: ModelRef }) {
  const query = new URLSearchParams({ from: range.from, to: range.to });
  const { state, retry } = useSignedGet(`${baseUrl}/api/journey/cohorts?${query.toString()}`, Cohorts);
  const later = model.stages.slice(1);
  const words = useWords();
  return (
    <>
      <Heading>{words.t('home.cohorts.title')}</Heading>
      {state.status === 'loading' && (
        <LoadingSpinner testId="cohorts-loading" label={words.t('home.cohorts.loading')} />
      )}
      {state.status === 'error' && <FunnelErrorState error={state.error} onRetry={retry} testId="cohorts-error" />}
      {state.status === 'ready' && state.data.cohorts.length === 0 && (
        <EmptyState testId="cohorts-empty" title={words.t('home.cohorts.none.title')} layout="vertical">
          <Text>{words.t('home.cohorts.none.body')}</Text>
        </EmptyState>
      )}
      {state.status === 'ready' && state.data.cohorts.length > 0 && (
        <>
          <Text variant="microcopy">{words.t('home.cohorts.hint')}</Text>
          <Table testId="cohorts-table" bordered>
            <TableHead>
              <TableRow>
                <TableHeader>{words.t('home.cohorts.firstEntry')}</TableHeader>
                <TableHeader>{words.t('home.cohorts.contacts')}</TableHeader>
                {later.map((s) => (
                  <TableHeader key={s.id}>{s.label}</TableHeader>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {state.data.cohorts.map((c) => (
                <TableRow key={c.start} testId={`cohort-row-${c.start}`}>
                  <TableCell>
                    <Text testId={`cohort-month-${c.start}`}>{words.month(c.start)}</Text>
                  </TableCell>
                  <TableCell>
                    <Text testId={`cohort-size-${c.start}`}>{formatCount(c.size, words)}</Text>
                  </TableCell>
                  {later.map((s) => (
                    <TableCell key={s.id}>
                      <Text testId={`cohort-${c.start}-${s.id}`}>{cohortCell(c, s.id, words)}</Text>
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </>
  );
}
