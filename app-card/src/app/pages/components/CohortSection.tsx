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

import { cohortCell, cohortMonth } from '../format/cohortCells.ts';
import { formatCount } from '../format/formatFigures.ts';
import type { DayRange } from '../format/periodRange.ts';
import { useSignedGet } from '../hooks/useSignedGet.ts';
import { Cohorts } from '@journey-stages/contract/analytics-schema';
import type { ModelRef } from '@journey-stages/contract/journey';
import { FunnelErrorState } from './FunnelErrorState.tsx';

/** Are newer contacts converting faster? Contacts by month of first stage entry, share reaching each later stage in 30/60/90 days. */
export function CohortSection({ baseUrl, range, model }: { baseUrl: string; range: DayRange; model: ModelRef }) {
  const query = new URLSearchParams({ from: range.from, to: range.to });
  const { state, retry } = useSignedGet(`${baseUrl}/api/journey/cohorts?${query.toString()}`, Cohorts);
  const later = model.stages.slice(1);
  return (
    <>
      <Heading>Cohorts</Heading>
      {state.status === 'loading' && <LoadingSpinner testId="cohorts-loading" label="Computing the cohorts" />}
      {state.status === 'error' && <FunnelErrorState error={state.error} onRetry={retry} testId="cohorts-error" />}
      {state.status === 'ready' && state.data.cohorts.length === 0 && (
        <EmptyState testId="cohorts-empty" title="No cohort in this period" layout="vertical">
          <Text>No contact entered its first stage in the period.</Text>
        </EmptyState>
      )}
      {state.status === 'ready' && state.data.cohorts.length > 0 && (
        <>
          <Text variant="microcopy">
            Each cell: the share of the month's contacts that reached the stage within 30 · 60 · 90 days.
          </Text>
          <Table testId="cohorts-table" bordered>
            <TableHead>
              <TableRow>
                <TableHeader>First entry</TableHeader>
                <TableHeader>Contacts</TableHeader>
                {later.map((s) => (
                  <TableHeader key={s.id}>{s.label}</TableHeader>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {state.data.cohorts.map((c) => (
                <TableRow key={c.start} testId={`cohort-row-${c.start}`}>
                  <TableCell>
                    <Text testId={`cohort-month-${c.start}`}>{cohortMonth(c.start)}</Text>
                  </TableCell>
                  <TableCell>
                    <Text testId={`cohort-size-${c.start}`}>{formatCount(c.size)}</Text>
                  </TableCell>
                  {later.map((s) => (
                    <TableCell key={s.id}>
                      <Text testId={`cohort-${c.start}-${s.id}`}>{cohortCell(c, s.id)}</Text>
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
