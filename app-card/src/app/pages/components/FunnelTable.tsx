import {
  Flex,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';

import { contactsIndexUrl } from '../format/contactsIndexUrl.ts';
import { formatCount, formatDays, formatPercent, formatPercentiles } from '../format/formatFigures.ts';
import { stageLabel } from '@journey-stages/extension-kit/stage-label';
import type { Funnel } from '@journey-stages/contract/funnel-schema';
import { useWords } from '@journey-stages/extension-kit/use-words';

export interface FunnelTableProps {
  funnel: Funnel;
  portalId: number;
  /** The stage where most contacts stop, highlighted in its row. */
  dropOffStage: string | null;
}

/** One row per stage: contacts now, entries, conversion to the next stage, median days in it, a link to the contacts. */
export function FunnelTable({ funnel, portalId, dropOffStage }: FunnelTableProps) {
  const words = useWords();
  // Percentiles (Kaplan–Meier, ongoing stays counted) show the slow ones a median hides.
  const hasPercentiles = funnel.stages.some((s) => s.p50DaysInStage !== undefined);
  const hasStuck = funnel.stages.some((s) => s.stuck !== undefined);
  // The movers' quantiles are what health is judged by: they exist even where most never leave.
  const hasMovers = funnel.stages.some((s) => s.movers !== undefined);
  return (
    <>
      <Table testId="funnel-table" bordered>
        <TableHead>
          <TableRow>
            <TableHeader>{words.t('home.funnel.stage')}</TableHeader>
            <TableHeader>{words.t('home.funnel.now')}</TableHeader>
            <TableHeader>{words.t('home.funnel.entered')}</TableHeader>
            <TableHeader>{words.t('home.funnel.movedOn')}</TableHeader>
            <TableHeader>{words.t('home.funnel.median')}</TableHeader>
            {hasPercentiles && <TableHeader>{words.t('home.funnel.percentiles')}</TableHeader>}
            {hasMovers && <TableHeader>{words.t('home.funnel.movers')}</TableHeader>}
            {hasStuck && <TableHeader>{words.t('home.funnel.stuck')}</TableHeader>}
          </TableRow>
        </TableHead>
        <TableBody>
          {funnel.stages.map((s) => (
            <TableRow key={s.stage} testId={`funnel-row-${s.stage}`}>
              <TableCell>
                <Link
                  testId={`funnel-link-${s.stage}`}
                  href={{ url: contactsIndexUrl(portalId, funnel.uiDomain), external: true }}
                >
                  {stageLabel(funnel.model, s.stage)}
                </Link>
              </TableCell>
              <TableCell>
                <Text testId={`funnel-current-${s.stage}`}>{formatCount(s.current, words)}</Text>
              </TableCell>
              <TableCell>
                <Text testId={`funnel-entered-${s.stage}`}>{formatCount(s.entered, words)}</Text>
              </TableCell>
              <TableCell>
                <Flex direction="row" gap="xs" align="center">
                  <Text
                    testId={`funnel-conversion-${s.stage}`}
                    format={{ fontWeight: s.stage === dropOffStage ? 'bold' : 'regular' }}
                  >
                    {formatPercent(s.conversionToNext, words)}
                  </Text>
                  {s.stage === dropOffStage && (
                    <Tag variant="warning" testId="funnel-dropoff-tag">
                      {words.t('home.funnel.mostStopHere')}
                    </Tag>
                  )}
                </Flex>
              </TableCell>
              <TableCell>
                <Text testId={`funnel-median-${s.stage}`}>{formatDays(s.medianDaysInStage, words)}</Text>
              </TableCell>
              {hasPercentiles && (
                <TableCell>
                  <Text testId={`funnel-percentiles-${s.stage}`}>
                    {formatPercentiles(s.p50DaysInStage, s.p75DaysInStage, s.p90DaysInStage, words)}
                  </Text>
                </TableCell>
              )}
              {hasMovers && (
                <TableCell>
                  <Text testId={`funnel-movers-${s.stage}`}>
                    {s.movers && s.movers.count > 0
                      ? words.t('home.funnel.moversCell', {
                          percentiles: formatPercentiles(s.movers.p50Days, s.movers.p75Days, s.movers.p90Days, words),
                          count: formatCount(s.movers.count, words),
                        })
                      : '–'}
                  </Text>
                </TableCell>
              )}
              {hasStuck && (
                <TableCell>
                  <Text testId={`funnel-stuck-${s.stage}`}>{formatCount(s.stuck ?? 0, words)}</Text>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {hasMovers && (
        <Text variant="microcopy" testId="funnel-columns-hint">
          {words.t('home.funnel.columnsHint')}
        </Text>
      )}
      <Text variant="microcopy" testId="funnel-filter-hint">
        {words.t('home.funnel.filterHint')}
      </Text>
    </>
  );
}
