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

export interface FunnelTableProps {
  funnel: Funnel;
  portalId: number;
  /** The stage where most contacts stop, highlighted in its row. */
  dropOffStage: string | null;
}

/** One row per stage: contacts now, entries, conversion to the next stage, median days in it, a link to the contacts. */
export function FunnelTable({ funnel, portalId, dropOffStage }: FunnelTableProps) {
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
            <TableHeader>Stage</TableHeader>
            <TableHeader>Contacts now</TableHeader>
            <TableHeader>Entered in the period</TableHeader>
            <TableHeader>Moved on to a later stage</TableHeader>
            <TableHeader>Median time in stage</TableHeader>
            {hasPercentiles && <TableHeader>Time in stage, p50 / p75 / p90</TableHeader>}
            {hasMovers && <TableHeader>Those who moved on took, p50 / p75 / p90</TableHeader>}
            {hasStuck && <TableHeader>Stuck now</TableHeader>}
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
                <Text testId={`funnel-current-${s.stage}`}>{formatCount(s.current)}</Text>
              </TableCell>
              <TableCell>
                <Text testId={`funnel-entered-${s.stage}`}>{formatCount(s.entered)}</Text>
              </TableCell>
              <TableCell>
                <Flex direction="row" gap="xs" align="center">
                  <Text
                    testId={`funnel-conversion-${s.stage}`}
                    format={{ fontWeight: s.stage === dropOffStage ? 'bold' : 'regular' }}
                  >
                    {formatPercent(s.conversionToNext)}
                  </Text>
                  {s.stage === dropOffStage && (
                    <Tag variant="warning" testId="funnel-dropoff-tag">
                      most stop here
                    </Tag>
                  )}
                </Flex>
              </TableCell>
              <TableCell>
                <Text testId={`funnel-median-${s.stage}`}>{formatDays(s.medianDaysInStage)}</Text>
              </TableCell>
              {hasPercentiles && (
                <TableCell>
                  <Text testId={`funnel-percentiles-${s.stage}`}>
                    {formatPercentiles(s.p50DaysInStage, s.p75DaysInStage, s.p90DaysInStage)}
                  </Text>
                </TableCell>
              )}
              {hasMovers && (
                <TableCell>
                  <Text testId={`funnel-movers-${s.stage}`}>
                    {s.movers && s.movers.count > 0
                      ? `${formatPercentiles(s.movers.p50Days, s.movers.p75Days, s.movers.p90Days)} (${formatCount(s.movers.count)} moved on)`
                      : '–'}
                  </Text>
                </TableCell>
              )}
              {hasStuck && (
                <TableCell>
                  <Text testId={`funnel-stuck-${s.stage}`}>{formatCount(s.stuck ?? 0)}</Text>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {hasMovers && (
        <Text variant="microcopy" testId="funnel-columns-hint">
          Time in stage, p50 / p75 / p90: how long half, 3 in 4 and 9 in 10 of the stays that began in the period last,
          counting contacts still waiting (blank while too many still wait to say). Those who moved on took: the same
          for the stays that ended by moving to a later stage in the period; health compares each contact with these
          (behind past p75, stuck past p90).
        </Text>
      )}
      <Text variant="microcopy" testId="funnel-filter-hint">
        Each stage opens your contacts in HubSpot: add the filter "Journey stage" is the stage to see the people in it,
        then save the view, build a list or report on it.
      </Text>
    </>
  );
}
